using Blazar.Generation;
using Blazar.Hub;
using Blazar.Reports;
using Blazar.Storage;
using Blazar.Testing;
using Blazar.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Blazar.Tests.Generation;

/// <summary>
/// A report stored as queued reaches the workers even if the request that queued it goes away on the way. Found by the
/// soak: clients cut off mid-request left reports queued for ever.
/// </summary>
public sealed class HandOverTests : IAsyncLifetime
{
    private readonly LeavingRequester _requester = new();
    private BlazarServer _server = null!;

    public async Task InitializeAsync() =>
        _server = await BlazarServer.StartAsync(configure: builder =>
            builder.Services.AddSingleton<IHubFeed>(new RequesterLeavesWhenQueued(new MemoryHubFeed(), _requester)));

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_continue_whose_request_goes_away_once_queued_still_writes_the_report()
    {
        var id = await FinishedAsync();
        Assert.True(await _server.Get<IReportStore>().TrySetStatusAsync(id, [ReportStatus.Done], ReportStatus.Cancelled, CancellationToken.None));

        var outcome = await _requester.CallAsync(token => _server.Get<GenerationControl>().ContinueAsync(id, token));

        Assert.Equal(GenerationControl.Outcome.Accepted, outcome);
        Assert.Equal("done", (await Api.WaitForStatusAsync(_server.Client, id, "done", "cancelled", "failed")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_revision_whose_request_goes_away_once_queued_still_writes_the_version()
    {
        var id = await FinishedAsync();

        var revised = await _requester.CallAsync(token => _server.Get<GenerationControl>().ReviseAsync(id, new Revision("Shorter, please", null), token));

        Assert.Equal(GenerationControl.Outcome.Accepted, revised.Outcome);
        var entry = await Api.WaitForStatusAsync(_server.Client, id, "done", "cancelled", "failed");
        Assert.Equal(("done", 2), (entry.GetProperty("status").GetString(), entry.GetProperty("version").GetInt32()));
    }

    private async Task<string> FinishedAsync()
    {
        var id = await Api.StartAsync(_server.Client);
        await Api.WaitForStatusAsync(_server.Client, id, "done");
        return id;
    }

    /// <summary>The request's cancellation, fired at the moment the report is announced as queued.</summary>
    private sealed class LeavingRequester
    {
        private CancellationTokenSource? _current;

        public async Task<T> CallAsync<T>(Func<CancellationToken, Task<T>> call)
        {
            using var request = _current = new CancellationTokenSource();
            try
            {
                return await call(request.Token);
            }
            finally
            {
                _current = null;
            }
        }

        public void Leave() => _current?.Cancel();
    }

    /// <summary>The hub, but the request leaves as the report is announced as queued; a publish then honours it, as any call does.</summary>
    private sealed class RequesterLeavesWhenQueued(IHubFeed inner, LeavingRequester requester) : IHubFeed
    {
        public ValueTask PublishAsync(HubMessage message, CancellationToken cancellationToken)
        {
            if (message.Report?.Status == ReportStatus.Queued)
            {
                requester.Leave();
                cancellationToken.ThrowIfCancellationRequested();
            }
            return inner.PublishAsync(message, cancellationToken);
        }

        public IAsyncEnumerable<HubMessage> ListenAsync(CancellationToken cancellationToken) => inner.ListenAsync(cancellationToken);
    }
}
