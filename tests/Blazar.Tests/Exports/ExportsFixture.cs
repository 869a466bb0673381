using Blazar.Tests.Infrastructure;

namespace Blazar.Tests.Exports;

/// <summary>One Blazar (offline writer at full speed, a gate for reports a test wants unfinished) with one finished report written from CSV data.</summary>
public sealed class ExportsFixture : IAsyncLifetime
{
    public WriterGate Gate { get; } = new();
    public BlazarServer Server { get; private set; } = null!;
    public string ChurnId { get; private set; } = "";

    public async Task InitializeAsync()
    {
        Server = await BlazarServer.StartAsync(configure: b => Gate.Install(b.Services));
        ChurnId = await Api.StartAsync(Server.Client);
        await Api.WaitForStatusAsync(Server.Client, ChurnId, "done");
    }

    public async Task DisposeAsync()
    {
        Gate.OpenAll();
        await Server.DisposeAsync();
    }
}
