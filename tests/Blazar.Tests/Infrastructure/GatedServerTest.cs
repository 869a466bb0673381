namespace Blazar.Tests.Infrastructure;

/// <summary>
/// A test class with a Blazar of its own whose writer waits at a <see cref="WriterGate"/>: a report the test holds
/// is still being written when the test acts on it, whatever the machine's pace.
/// </summary>
public abstract class GatedServerTest(IReadOnlyDictionary<string, string>? settings = null) : IAsyncLifetime
{
    protected WriterGate Gate { get; } = new();

    protected BlazarServer Server { get; private set; } = null!;

    public virtual async Task InitializeAsync() =>
        Server = await BlazarServer.StartAsync(settings, configure: b => Gate.Install(b.Services));

    public async Task DisposeAsync()
    {
        Gate.OpenAll();
        await Server.DisposeAsync();
    }
}
