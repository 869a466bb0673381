using Blazar.FakeModel;
using Blazar.Reports;

namespace Blazar.Tests.Writers;

public sealed class LoneSurrogateTests
{
    [Theory]
    [InlineData("anthropic")]
    [InlineData("openai")]
    public async Task A_lone_surrogate_from_the_model_becomes_a_replacement_character_and_writing_goes_on(string writer)
    {
        var script = WriterHarness.Script;
        var cut = script.IndexOf("</h1>", StringComparison.Ordinal);
        // A half emoji (high, then low alone) and a pair that is whole, each somewhere a token boundary may fall.
        var broken = script[..cut] + " \uD83D half \uDE00 other 😀 whole" + script[cut..];
        await using var blazar = await WriterHarness.StartAsync(writer, new FakeModelOptions { Script = _ => broken, CharsPerToken = 3 });
        var id = await blazar.CreateReportAsync();

        var entry = await blazar.WaitForEndAsync(id);

        Assert.Equal(ReportStatus.Done, entry.Status); // before: failed after six billed attempts
        Assert.Equal(script[..cut] + " \uFFFD half \uFFFD other 😀 whole" + script[cut..], await blazar.ServedAsync(id));
        Assert.Single(blazar.Fake.Requests);
    }
}
