using static Microsoft.Playwright.Assertions;

namespace Blazar.BrowserTests;

/// <summary>The hub's badge says when the configured model cannot be reached, instead of a green "Model" badge.</summary>
[Collection(BrowserTestGroup.Name)]
public sealed class ModelBadgeTests(BlazarBrowser blazar)
{
    [Fact]
    public async Task An_unreachable_model_is_named_on_the_badge()
    {
        using var closed = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        closed.Start();
        var port = ((System.Net.IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop(); // nothing listens there now
        await using var server = await BlazarServer.StartAsync(new Dictionary<string, string>
        {
            ["Writer"] = "openai",
            ["OpenAI:BaseUrl"] = $"http://127.0.0.1:{port}/v1",
            ["OpenAI:Model"] = "local-model",
        });
        await Wait.UntilAsync(() => server.Client.GetStringAsync("/api/info"), i => i.Contains("\"reachable\":false", StringComparison.Ordinal), because: "the model check to answer");
        await using var context = await blazar.Browser.NewContextAsync(new() { BaseURL = server.BaseAddress.ToString() });
        await BrowserSession.AddAsync(context, server.BaseAddress, await BrowserSession.SignInAsync(server.BaseAddress, TestAccounts.AdminEmail, TestAccounts.AdminPassword));
        var hub = await context.NewPageAsync();

        await hub.GotoAsync("/");

        var badge = hub.Locator("#mode-badge");
        await Expect(badge).ToContainTextAsync("cannot be reached");
        await Expect(badge).ToHaveAttributeAsync("data-reachable", "false");
        await Expect(badge).ToHaveAttributeAsync("title", new System.Text.RegularExpressions.Regex($"127\\.0\\.0\\.1:{port}|refused", System.Text.RegularExpressions.RegexOptions.IgnoreCase));
    }
}
