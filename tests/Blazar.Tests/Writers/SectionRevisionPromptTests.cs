using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Blazar.FakeModel;
using Blazar.Reports;

namespace Blazar.Tests.Writers;

/// <summary>What a section revision asks a real model API (the fake one, which records it) and what it costs.</summary>
public sealed class SectionRevisionPromptTests
{
    private const string NewSection = "<section>\n<h2>Part 2</h2>\n<p>Part 2, rewritten: two sentences, no caveats.</p>\n</section>";

    [Fact]
    public async Task A_section_revision_asks_for_that_section_alone_and_pays_for_that_section_alone()
    {
        var script = WriterHarness.Script;
        await using var blazar = await WriterHarness.StartAsync("anthropic", new FakeModelOptions
        {
            Script = request => request.Messages.Any(m => m.Text.Contains("<revision>", StringComparison.Ordinal)) ? NewSection : script,
            CharsPerToken = 7,
        });
        var id = await blazar.CreateReportAsync();
        await blazar.WaitForEndAsync(id);
        var first = await blazar.ServedAsync(id);

        using var revised = await blazar.Client.PostAsJsonAsync($"/api/reports/{id}/revisions", new { instruction = "Drop the caveat", section = "Part 2" });
        Assert.Equal(HttpStatusCode.Accepted, revised.StatusCode);
        var entry = await blazar.WaitForAsync(id, e => e.Version == 2 && e.Status == ReportStatus.Done);

        var request = blazar.Fake.Requests[^1];
        var (role, prompt) = Assert.Single(request.Messages);
        Assert.Equal("user", role);
        Assert.Contains("<h2>Part 2</h2>\n<p>Paragraph 2 says something specific", prompt, StringComparison.Ordinal);
        Assert.Contains("Drop the caveat", prompt, StringComparison.Ordinal);
        Assert.Contains("the section headed \"Part 2\"", prompt, StringComparison.Ordinal);
        Assert.Contains("<spec>", prompt, StringComparison.Ordinal);
        Assert.DoesNotContain("Paragraph 1 says", prompt, StringComparison.Ordinal); // no other section, and not the document
        Assert.DoesNotContain("Paragraph 3 says", prompt, StringComparison.Ordinal);
        Assert.DoesNotContain("<!doctype", prompt, StringComparison.OrdinalIgnoreCase);

        var start = first.IndexOf("<section>\n<h2>Part 2</h2>", StringComparison.Ordinal);
        var end = first.IndexOf("</section>", start, StringComparison.Ordinal) + "</section>".Length;
        Assert.Equal(first[..start] + NewSection + first[end..], await blazar.ServedAsync(id));
        Assert.Equal(AnthropicWriterTests.OutputTokens(NewSection.Length), entry.Usage!.OutputTokens);
        Assert.Equal(AnthropicWriterTests.InputTokens(request), entry.Usage.InputTokens);
        var v1 = await blazar.Client.GetFromJsonAsync<JsonElement>($"/api/reports/{id}?v=1");
        Assert.Equal(AnthropicWriterTests.OutputTokens(script.Length), v1.GetProperty("usage").GetProperty("outputTokens").GetInt64());
    }
}
