using System.Net.Http.Headers;
using Blazar.Accounts;
using Blazar.Storage;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Blazar.Testing;

/// <summary>
/// The admin every test server seeds (<c>Blazar:Auth</c>), and API tokens for it, so a test's client is signed in
/// the way a script would be. Quotas and rate limits are lifted unless a test sets them.
/// </summary>
public static class TestAccounts
{
    public const string AdminEmail = "admin@blazar.test";
    public const string AdminPassword = "correct horse battery";

    /// <summary>Settings under <c>Blazar:</c> (without the prefix) that every test server starts with.</summary>
    public static IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>
    {
        ["Auth:AdminEmail"] = AdminEmail,
        ["Auth:AdminPassword"] = AdminPassword,
        ["Quotas:MaxActivePerUser"] = "0",
        ["RateLimits:SignInPerMinute"] = "1000",
        ["RateLimits:ChatPerMinute"] = "100000",
    };

    /// <summary>The same settings as command-line arguments.</summary>
    public static IEnumerable<string> Arguments => Settings.Select(kv => $"--Blazar:{kv.Key}={kv.Value}");

    /// <summary>A new API token of the seeded admin.</summary>
    public static Task<string> AdminTokenAsync(IServiceProvider services) => TokenAsync(services, AdminEmail);

    /// <summary>A new API token of the person with <paramref name="email"/>.</summary>
    public static async Task<string> TokenAsync(IServiceProvider services, string email)
    {
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<BlazarUser>>();
        var user = await users.FindByEmailAsync(email) ?? throw new InvalidOperationException($"No account for {email}.");
        var created = await services.GetRequiredService<ApiTokens>().CreateAsync(user.Id, "tests", 30, CancellationToken.None);
        return created.Token;
    }

    /// <summary>Creates a person directly in the store (no invitation) and returns their id.</summary>
    public static async Task<string> CreatePersonAsync(IServiceProvider services, string email, string password, string role = Roles.Member)
    {
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<BlazarUser>>();
        var (user, errors) = await services.GetRequiredService<People>().CreateAsync(users, email, password, null, role);
        return user?.Id ?? throw new InvalidOperationException(string.Join(" ", errors.SelectMany(e => e.Value)));
    }

    public static void Authorize(HttpClient client, string token) =>
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
}
