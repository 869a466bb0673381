using Blazar.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace Blazar.Tests.Storage;

/// <summary>A setting that cannot work fails the start, naming the key.</summary>
public sealed class StorageChoiceTests
{
    [Theory]
    [InlineData("Blazar:Storage", "sqlite", "Blazar:Streams", "redis", "Blazar:Streams=redis")]
    [InlineData("Blazar:Storage", "redis", "Blazar:Streams", "memory", "Blazar:Storage=redis is retired")]
    [InlineData("Blazar:Storage", "mysql", "Blazar:Streams", "memory", "Blazar:Storage must be")]
    [InlineData("Blazar:Storage", "postgres", "Blazar:Streams", "kafka", "Blazar:Streams must be")]
    public void An_impossible_combination_fails_the_start_naming_the_key(string storageKey, string storage, string streamsKey, string streams, string message)
    {
        var error = Assert.Throws<InvalidOperationException>(() => BlazarApp.Build([$"--{storageKey}={storage}", $"--{streamsKey}={streams}"]));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Postgres_without_a_connection_string_fails_the_start_naming_the_key()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => BlazarServer.StartAsync(new Dictionary<string, string> { ["Storage"] = "postgres" }));
        Assert.Contains("Blazar:Postgres:ConnectionString", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_sqlite_file_is_made_in_a_folder_of_its_own_and_runs_in_wal_mode()
    {
        var folder = TempFolder.Create();
        var path = Path.Combine(folder, "nested", "blazar.db");
        await using (var server = await BlazarServer.StartAsync(databasePath: path))
            await Api.WaitForStatusAsync(server.Client, await Api.StartAsync(server.Client), "done");

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", (string?)await command.ExecuteScalarAsync());
    }
}
