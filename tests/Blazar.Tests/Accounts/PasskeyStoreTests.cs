using System.Security.Cryptography;
using Blazar.Storage;
using Blazar.Testing;
using Blazar.Tests.Storage;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Blazar.Tests.Accounts;

/// <summary>
/// Passkeys kept by Identity's store in each database (<c>AspNetUserPasskeys</c>, its data a JSON column): found by
/// credential id, updated, removed, and gone with their person.
/// </summary>
public abstract class PasskeyStoreContract : IAsyncLifetime
{
    private BlazarServer _server = null!;

    protected abstract Task<IReadOnlyDictionary<string, string>> SettingsAsync();

    public async Task InitializeAsync() => _server = await BlazarServer.StartAsync(await SettingsAsync());

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_passkey_is_found_by_its_credential_updated_removed_and_goes_with_its_person()
    {
        var id = await TestAccounts.CreatePersonAsync(_server.Services, "key@blazar.test", "key's long password");
        await using var scope = _server.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<BlazarUser>>();
        var user = (await users.FindByIdAsync(id))!;
        var credential = RandomNumberGenerator.GetBytes(32);
        var passkey = new UserPasskeyInfo(credential, RandomNumberGenerator.GetBytes(77), DateTimeOffset.UtcNow, signCount: 1,
            transports: ["internal", "hybrid"], isUserVerified: true, isBackupEligible: true, isBackedUp: false,
            attestationObject: [1, 2, 3], clientDataJson: "{\"type\":\"webauthn.create\"}"u8.ToArray()) { Name = "Laptop ✓" };

        Assert.True((await users.AddOrUpdatePasskeyAsync(user, passkey)).Succeeded);
        Assert.Equal(id, (await users.FindByPasskeyIdAsync(credential))?.Id);
        var stored = Assert.Single(await users.GetPasskeysAsync(user));
        Assert.Equal("Laptop ✓", stored.Name);
        Assert.Equal(["internal", "hybrid"], stored.Transports ?? []);
        Assert.Equal(passkey.PublicKey, stored.PublicKey);

        stored.SignCount = 7;
        Assert.True((await users.AddOrUpdatePasskeyAsync(user, stored)).Succeeded);
        Assert.Equal(7u, (await users.GetPasskeyAsync(user, credential))?.SignCount);

        Assert.True((await users.RemovePasskeyAsync(user, credential)).Succeeded);
        Assert.Null(await users.FindByPasskeyIdAsync(credential));

        Assert.True((await users.AddOrUpdatePasskeyAsync(user, passkey)).Succeeded);
        Assert.True((await users.DeleteAsync(user)).Succeeded);
        Assert.Null(await users.FindByPasskeyIdAsync(credential));
    }
}

public sealed class SqlitePasskeyStoreTests : PasskeyStoreContract
{
    protected override Task<IReadOnlyDictionary<string, string>> SettingsAsync() =>
        Task.FromResult<IReadOnlyDictionary<string, string>>(new Dictionary<string, string>());
}

[Collection("fleet")]
public sealed class PostgresPasskeyStoreTests(PostgresFixture postgres) : PasskeyStoreContract
{
    protected override async Task<IReadOnlyDictionary<string, string>> SettingsAsync() => new Dictionary<string, string>
    {
        ["Storage"] = "postgres",
        ["Postgres:ConnectionString"] = await postgres.Server.CreateDatabaseAsync(),
    };
}
