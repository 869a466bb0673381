using Blazar.Storage;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Blazar.Accounts;

/// <summary>At start (after the store is ready): creates the admin <c>Blazar:Auth</c> names, unless that email has an account.</summary>
internal sealed partial class AdminSeed(IServiceScopeFactory scopes, People people, IOptions<AuthOptions> options, ILogger<AdminSeed> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value is not { AdminEmail: { Length: > 0 } email, AdminPassword: { Length: > 0 } password })
            return;
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<BlazarUser>>();
        if (await users.FindByEmailAsync(email) is not null)
            return;
        var (user, errors) = await people.CreateAsync(users, email, password, null, Roles.Admin);
        // Another instance of a fleet may have made it a moment ago.
        if (user is null && await users.FindByEmailAsync(email) is null)
            throw new InvalidOperationException($"Blazar:Auth:AdminEmail could not be created: {string.Join(" ", errors.SelectMany(e => e.Value))}");
        if (user is not null)
            LogSeeded(email);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Created the admin {Email} from Blazar:Auth")]
    private partial void LogSeeded(string email);
}
