using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Blazar.Tests.Infrastructure;
using Blazar.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Blazar.Tests.Accounts;

/// <summary>
/// Every endpoint the app maps (read from its own <see cref="EndpointDataSource"/>), asked by every kind of caller
/// about a report of every visibility. An endpoint without a rule here fails the test, so none is added unguarded.
/// </summary>
public sealed class AccessMatrixTests : IAsyncLifetime
{
    private enum Rule
    {
        Public,   // anyone: health, sign-in, setup, invitations
        SignedIn, // any signed-in person
        Admin,    // admins only
        View,     // a report: owner, admin, team when team, anyone when link
        Change,   // a report: owner or admin; viewers who may not change get 403
    }

    private static readonly Dictionary<string, Rule> Rules = new(StringComparer.Ordinal)
    {
        ["GET /healthz"] = Rule.Public,
        ["GET /healthz/ready"] = Rule.Public,
        ["GET /healthz/live"] = Rule.Public,
        ["GET /login"] = Rule.Public,
        ["GET /setup"] = Rule.Public,
        ["GET /invite/{token}"] = Rule.Public,
        ["POST /api/account/login"] = Rule.Public,
        ["POST /api/account/logout"] = Rule.Public,
        ["GET /api/setup/"] = Rule.Public,
        ["POST /api/setup/"] = Rule.Public,
        ["GET /api/invitations/{token}/"] = Rule.Public,
        ["POST /api/invitations/{token}/accept"] = Rule.Public,
        ["POST /api/invitations/{token}/passkey-options"] = Rule.Public,
        ["POST /api/invitations/{token}/accept-passkey"] = Rule.Public,
        ["POST /api/account/passkeys/request-options"] = Rule.Public,
        ["POST /api/account/passkeys/login"] = Rule.Public,
        ["GET /api/account/sign-in-methods"] = Rule.Public,
        ["GET /login/oidc"] = Rule.Public,
        ["GET /login/oidc/done"] = Rule.Public,
        ["GET /api/exports"] = Rule.Public, // which formats download here: nothing about any report
        ["GET /"] = Rule.SignedIn,
        ["GET /account"] = Rule.SignedIn,
        ["GET /people"] = Rule.SignedIn, // a member gets the 404 page
        ["GET /api/account/"] = Rule.SignedIn,
        ["GET /api/account/passkeys/"] = Rule.SignedIn,
        ["POST /api/account/passkeys/"] = Rule.SignedIn,
        ["POST /api/account/passkeys/creation-options"] = Rule.SignedIn,
        ["DELETE /api/account/passkeys/{id}"] = Rule.SignedIn,
        ["GET /api/info"] = Rule.SignedIn,
        ["POST /api/tokens/"] = Rule.SignedIn,
        ["GET /api/tokens/"] = Rule.SignedIn,
        ["DELETE /api/tokens/{id}"] = Rule.SignedIn,
        ["POST /api/reports/"] = Rule.SignedIn,
        ["GET /api/reports/"] = Rule.SignedIn,
        ["POST /api/generate-report"] = Rule.SignedIn,
        ["POST /api/chat"] = Rule.SignedIn,
        ["GET /api/hub/events"] = Rule.SignedIn,
        ["GET /api/users/"] = Rule.Admin,
        ["DELETE /api/users/{id}"] = Rule.Admin,
        ["POST /api/invitations"] = Rule.Admin,
        ["GET /api/reports/{id}"] = Rule.View,
        ["GET /api/reports/{id}/events"] = Rule.View,
        ["GET /r/{id}"] = Rule.View,
        ["GET /r/{id}/raw"] = Rule.View,
        ["GET /r/{id}/live"] = Rule.View,
        ["GET /r/{id}/export/{format}"] = Rule.View,
        ["GET /api/reports/{id}/versions"] = Rule.View,
        ["GET /api/reports/{id}/versions/diff"] = Rule.View,
        ["POST /api/reports/{id}/revisions"] = Rule.Change,
        ["POST /api/reports/{id}/versions/{n}/restore"] = Rule.Change,
        ["PATCH /api/reports/{id}"] = Rule.Change,
        ["POST /api/reports/{id}/cancel"] = Rule.Change,
        ["POST /api/reports/{id}/continue"] = Rule.Change,
        ["DELETE /api/reports/{id}"] = Rule.Change,
    };

    private static readonly string[] Visibilities = ["private", "team", "link"];

    private enum Who { Anonymous, Other, Owner, Admin, Token, Revoked }

    private BlazarServer _server = null!;
    private readonly Dictionary<Who, HttpClient> _callers = [];
    private readonly Dictionary<string, string> _reports = [];

    public async Task InitializeAsync()
    {
        _server = await BlazarServer.StartAsync();
        await People.CreateAsync(_server, "owner@blazar.test");
        await People.CreateAsync(_server, "other@blazar.test");
        _callers[Who.Anonymous] = People.TokenClient(_server, null);
        foreach (var who in new[] { Who.Other, Who.Owner, Who.Admin })
            await SignInAsync(who);
        _callers[Who.Token] = People.TokenClient(_server, await TestAccounts.TokenAsync(_server.Services, "owner@blazar.test"));
        using (var created = await _callers[Who.Owner].PostAsJsonAsync("/api/tokens", new { name = "revoked at once" }))
        {
            var token = await created.Content.ReadFromJsonAsync<JsonObject>();
            _callers[Who.Revoked] = People.TokenClient(_server, token!["token"]!.GetValue<string>());
            using var revoked = await _callers[Who.Owner].DeleteAsync($"/api/tokens/{token["id"]}");
            Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        }
        foreach (var visibility in Visibilities)
            _reports[visibility] = await NewReportAsync(visibility, waitUntilDone: true);
    }

    private async Task SignInAsync(Who who)
    {
        if (_callers.Remove(who, out var old))
            old.Dispose();
        _callers[who] = who == Who.Admin
            ? await People.SignInAsync(_server, TestAccounts.AdminEmail, TestAccounts.AdminPassword)
            : await People.SignInAsync(_server, who == Who.Owner ? "owner@blazar.test" : "other@blazar.test");
    }

    public async Task DisposeAsync()
    {
        foreach (var client in _callers.Values)
            client.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Every_endpoint_has_a_rule_and_answers_every_caller_by_it()
    {
        var endpoints = _server.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                .Select(method => $"{method} {e.RoutePattern.RawText}"))
            .Where(e => !e.StartsWith("HEAD ", StringComparison.Ordinal))
            .Distinct().Order(StringComparer.Ordinal).ToList();
        var unruled = endpoints.Where(e => !Rules.ContainsKey(e)).ToList();
        Assert.True(unruled.Count == 0, "Endpoints without an access rule: " + string.Join(", ", unruled));
        Assert.Contains("GET /api/reports/{id}", endpoints); // the list is the app's

        var failures = new List<string>();
        foreach (var endpoint in endpoints)
        {
            var rule = Rules[endpoint];
            foreach (var who in Enum.GetValues<Who>())
            {
                if (rule is Rule.View or Rule.Change)
                {
                    foreach (var visibility in Visibilities)
                        await CheckReportAsync(endpoint, rule, who, visibility, failures);
                }
                else
                {
                    await CheckAsync(endpoint, rule, who, failures);
                }
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private async Task CheckAsync(string endpoint, Rule rule, Who who, List<string> failures)
    {
        var (status, _) = await SendAsync(endpoint, who, "unknown-id");
        if (endpoint == "POST /api/account/logout" && who is Who.Other or Who.Owner or Who.Admin)
            await SignInAsync(who); // signing out worked: sign in again for the endpoints after it
        var signedIn = who is not (Who.Anonymous or Who.Revoked);
        var isAdmin = who == Who.Admin;
        var ok = rule switch
        {
            Rule.Public => status is not (401 or 403),
            Rule.SignedIn => signedIn ? status is not (401 or 403) : IsSignInRequest(status),
            _ => isAdmin ? status is not (401 or 403) : signedIn ? status == 403 : IsSignInRequest(status),
        };
        if (!ok)
            failures.Add($"{endpoint} as {who}: {status} breaks rule {rule}");
    }

    private async Task CheckReportAsync(string endpoint, Rule rule, Who who, string visibility, List<string> failures)
    {
        var id = endpoint.StartsWith("DELETE ", StringComparison.Ordinal) ? await NewReportAsync(visibility, waitUntilDone: false) : _reports[visibility];
        var (status, body) = await SendAsync(endpoint, who, id, visibility);
        var mine = who is Who.Owner or Who.Token or Who.Admin;
        var signedIn = who is not (Who.Anonymous or Who.Revoked);
        var canView = mine || visibility == "link" || (visibility == "team" && signedIn);
        string? failure = null;
        if (!canView)
        {
            var (unknownStatus, unknownBody) = await SendAsync(endpoint, who, "AAAAAAAAAAAAAAAAAAAAAA", visibility);
            if (status != unknownStatus || body != unknownBody)
                failure = $"answers {status} unlike an unknown id ({unknownStatus})";
            else if (signedIn ? status != 404 : !IsSignInRequest(status))
                failure = $"answers {status} to a caller who may not view it";
        }
        else if (rule == Rule.Change && !mine)
        {
            if (status != (signedIn ? 403 : 401) && !(!signedIn && IsSignInRequest(status)))
                failure = $"answers {status} to a viewer who may not change it";
        }
        else if (status is 401 or 403 or 404)
        {
            failure = $"answers {status} to a caller who may use it";
        }
        if (failure is not null)
            failures.Add($"{endpoint} as {who} on a {visibility} report: {failure}");
    }

    private static bool IsSignInRequest(int status) => status is 401 or 302;

    private async Task<(int Status, string Body)> SendAsync(string endpoint, Who who, string id, string visibility = "private")
    {
        var (method, pattern) = (endpoint[..endpoint.IndexOf(' ', StringComparison.Ordinal)], endpoint[(endpoint.IndexOf(' ', StringComparison.Ordinal) + 1)..]);
        var path = pattern.Replace("{id}", id, StringComparison.Ordinal).Replace("{token}", "inv_unknown", StringComparison.Ordinal)
            .Replace("{format}", "md", StringComparison.Ordinal).Replace("{n}", "1", StringComparison.Ordinal);
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method is "POST" or "PATCH")
            request.Content = new StringContent(
                method == "PATCH" ? $"{{\"visibility\":\"{visibility}\"}}" : pattern.EndsWith("/revisions", StringComparison.Ordinal) ? "{\"instruction\":\"Shorter.\"}" : "{}",
                Encoding.UTF8, "application/json");
        using var response = await _callers[who].SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var status = (int)response.StatusCode;
        if (status == 302 && !(response.Headers.Location?.OriginalString ?? "").StartsWith("/login", StringComparison.Ordinal))
            status = -302; // a redirect, but not to sign-in
        var body = response.Content.Headers.ContentType?.MediaType == "text/event-stream" ? "" : await response.Content.ReadAsStringAsync();
        return (status, WithoutTraceId(body));
    }

    // Every problem carries the id of its own request; the rest of the body is what must match.
    private static string WithoutTraceId(string body) =>
        body.StartsWith('{') && JsonNode.Parse(body) is JsonObject problem && problem.Remove("traceId") ? problem.ToJsonString() : body;

    private async Task<string> NewReportAsync(string visibility, bool waitUntilDone)
    {
        var owner = _callers[Who.Owner];
        var id = await Api.StartAsync(owner);
        await People.SetVisibilityAsync(owner, id, visibility);
        if (waitUntilDone)
            await Api.WaitForStatusAsync(owner, id, "done");
        return id;
    }
}
