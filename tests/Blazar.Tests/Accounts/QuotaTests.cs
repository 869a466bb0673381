using System.Net;
using System.Net.Http.Json;
using Blazar.Reports;
using Blazar.Storage;
using Blazar.Tests.Infrastructure;
using Blazar.Testing;

namespace Blazar.Tests.Accounts;

/// <summary>Per-person limits: reports at once, output tokens per day (chat included); the rate limit on sign-in.</summary>
public sealed class QuotaTests
{
    [Fact]
    public async Task A_person_at_their_limit_of_active_reports_gets_429_with_Retry_After_until_one_ends()
    {
        var gate = new WriterGate();
        await using var server = await BlazarServer.StartAsync(
            new Dictionary<string, string> { ["Quotas:MaxActivePerUser"] = "2" }, configure: builder => gate.Install(builder.Services));
        gate.Hold("churn");
        await People.CreateAsync(server, "busy@blazar.test");
        using var busy = People.TokenClient(server, await TestAccounts.TokenAsync(server.Services, "busy@blazar.test"));
        try
        {
            var first = await Api.StartAsync(busy);
            await Api.StartAsync(busy);

            using var third = await busy.PostAsJsonAsync("/api/reports", Api.ChurnSpec);
            Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
            Assert.Equal("application/problem+json", third.Content.Headers.ContentType?.MediaType);
            Assert.NotNull(third.Headers.RetryAfter);
            using var streamed = await busy.PostAsJsonAsync("/api/generate-report", new { spec = Api.ChurnSpec });
            Assert.Equal(HttpStatusCode.TooManyRequests, streamed.StatusCode);
            await Api.StartAsync(server.Client); // someone else is not held back

            using (var cancel = await busy.PostAsync($"/api/reports/{first}/cancel", null))
                Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
            await Api.WaitForStatusAsync(busy, first, "cancelled");
            await Api.StartAsync(busy);
        }
        finally
        {
            gate.OpenAll();
        }
    }

    [Fact]
    public async Task A_revision_counts_as_an_active_report_against_the_limit()
    {
        var gate = new WriterGate();
        await using var server = await BlazarServer.StartAsync(
            new Dictionary<string, string> { ["Quotas:MaxActivePerUser"] = "1" }, configure: builder => gate.Install(builder.Services));
        await People.CreateAsync(server, "busy@blazar.test");
        using var busy = People.TokenClient(server, await TestAccounts.TokenAsync(server.Services, "busy@blazar.test"));
        try
        {
            var done = await Api.StartAsync(busy, new { title = "Finished first", sections = new[] { "One" } });
            await Api.WaitForStatusAsync(busy, done, "done");
            gate.Hold("churn");
            await Api.StartAsync(busy);

            using var revise = await busy.PostAsJsonAsync($"/api/reports/{done}/revisions", new { instruction = "Shorter" });

            Assert.Equal(HttpStatusCode.TooManyRequests, revise.StatusCode);
            Assert.Equal("application/problem+json", revise.Content.Headers.ContentType?.MediaType);
            Assert.NotNull(revise.Headers.RetryAfter);
            Assert.Equal(1, (await Api.GetAsync(busy, done)).GetProperty("versions").GetInt32());
        }
        finally
        {
            gate.OpenAll();
        }
    }

    [Fact]
    public async Task Beyond_the_daily_output_tokens_reports_and_chat_get_429_until_midnight()
    {
        await using var server = await BlazarServer.StartAsync(new Dictionary<string, string>
        {
            ["Quotas:DailyOutputTokensPerUser"] = "1000",
            ["Prices:0:Model"] = "claude-test",
            ["Prices:0:InputPerMillion"] = "3",
            ["Prices:0:OutputPerMillion"] = "15",
        });
        await People.CreateAsync(server, "spender@blazar.test");
        var spenderId = (await server.Get<Microsoft.AspNetCore.Identity.UserManager<BlazarUser>>().FindByEmailAsync("spender@blazar.test"))!.Id;
        using var spender = People.TokenClient(server, await TestAccounts.TokenAsync(server.Services, "spender@blazar.test"));
        var id = await Api.StartAsync(spender); // the offline writer reports its usage too
        await Api.WaitForStatusAsync(spender, id, "done");

        await server.Get<IUsageLedger>().AddAsync(spenderId, new Usage("claude-test", 10, 1000), CancellationToken.None);

        using var report = await spender.PostAsJsonAsync("/api/reports", Api.ChurnSpec);
        Assert.Equal(HttpStatusCode.TooManyRequests, report.StatusCode);
        var retryAfter = report.Headers.RetryAfter?.Delta;
        Assert.True(retryAfter > TimeSpan.Zero && retryAfter <= TimeSpan.FromDays(1), $"Retry-After: {retryAfter}");
        using var chat = await spender.PostAsJsonAsync("/api/chat", new { messages = new[] { new { role = "user", content = "A report on penguins" } } });
        Assert.Equal(HttpStatusCode.TooManyRequests, chat.StatusCode);
        await Api.StartAsync(server.Client); // the admin has their own budget
        var people = await server.Client.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/users");
        var usage = people.EnumerateArray().Single(p => p.GetProperty("email").GetString() == "spender@blazar.test").GetProperty("usage");
        var priced = Assert.Single(usage.EnumerateArray(), u => u.GetProperty("model").GetString() == "claude-test");
        Assert.Equal(1000, priced.GetProperty("outputTokens").GetInt64());
        Assert.Equal(0.015m + 0.00003m, priced.GetProperty("cost").GetDecimal()); // 10 in at 3, 1,000 out at 15 per million
    }

    [Fact]
    public async Task Sign_in_is_rate_limited_per_client_with_429_and_Retry_After()
    {
        await using var server = await BlazarServer.StartAsync(new Dictionary<string, string> { ["RateLimits:SignInPerMinute"] = "3" });
        using var client = People.CookieClient(server);
        for (var i = 0; i < 3; i++)
        {
            using var wrong = await client.PostAsJsonAsync("/api/account/login", new { email = $"nobody{i}@blazar.test", password = "whatever it is" });
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        using var limited = await client.PostAsJsonAsync("/api/account/login", new { email = TestAccounts.AdminEmail, password = TestAccounts.AdminPassword });

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(limited.Headers.RetryAfter);
    }

    [Fact]
    public async Task Chat_is_rate_limited_per_person()
    {
        await using var server = await BlazarServer.StartAsync(new Dictionary<string, string> { ["RateLimits:ChatPerMinute"] = "2" });
        var turn = new { messages = new[] { new { role = "user", content = "A report on penguins" } } };
        for (var i = 0; i < 2; i++)
        {
            using var ok = await server.Client.PostAsJsonAsync("/api/chat", turn);
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        using var limited = await server.Client.PostAsJsonAsync("/api/chat", turn);

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.NotNull(limited.Headers.RetryAfter);
        await People.CreateAsync(server, "chatty@blazar.test");
        using var other = People.TokenClient(server, await TestAccounts.TokenAsync(server.Services, "chatty@blazar.test"));
        using var someoneElse = await other.PostAsJsonAsync("/api/chat", turn);
        Assert.Equal(HttpStatusCode.OK, someoneElse.StatusCode); // per person, not for everyone
    }
}
