using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp.Html.Parser;
using Blazar.Tests.Infrastructure;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using Markdig.Extensions.Tables;
using W = DocumentFormat.OpenXml.Wordprocessing;
using Markdig.Syntax;

namespace Blazar.Tests.Exports;

/// <summary><c>GET /r/{id}/export/{format}</c> over real HTTP: each download opened with a reader of its format.</summary>
public sealed class ExportDownloadTests(ExportsFixture fixture) : IClassFixture<ExportsFixture>
{
    private const string Title = "Q3 churn review";
    private HttpClient Client => fixture.Server.Client;

    [Fact]
    public async Task Markdown_has_the_headings_the_data_table_and_each_chart_as_a_table_of_its_values()
    {
        using var response = await Client.GetAsync($"/r/{fixture.ChurnId}/export/md");

        AssertDownload(response, "text/markdown", "q3-churn-review.md");
        var markdown = await response.Content.ReadAsStringAsync();
        var document = MarkdownText.Parse(markdown);
        var headings = document.Descendants<HeadingBlock>().ToList();
        Assert.Equal(Title, MarkdownText.Text(headings.Single(h => h.Level == 1)));
        Assert.Equal(["Executive summary", "Drivers", "Recommendations"], headings.Where(h => h.Level == 2).Select(MarkdownText.Text));
        var tables = document.Descendants<Table>().Select(MarkdownText.Rows).ToList();
        Assert.Contains(tables, t => t[0].SequenceEqual(["region", "churn", "revenue"]) && t.Any(r => r.SequenceEqual(["North", "4.2", "1200"])));
        var charts = await ChartCountAsync();
        Assert.True(charts > 0, "the report has charts");
        var chartTables = tables.Where(t => t[0].Count == 2 && t[0][0] == "Region").ToList();
        Assert.Equal(charts, chartTables.Count); // every chart became a table of its labels and values
        Assert.Contains(chartTables, t => t[0][1] == "churn" && t.Any(r => r[0] == "South" && r[1].Contains("6.1", StringComparison.Ordinal)));
        Assert.Contains("| North | 4.2 | 1200 |", markdown, StringComparison.Ordinal); // numbers read as they are written
        Assert.DoesNotContain("<svg", markdown, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("{", markdown, StringComparison.Ordinal); // no stylesheet leaked into the text
        Assert.True(document.Descendants<ParagraphBlock>().Count() > 3, "the prose is there as paragraphs");
    }

    [Fact]
    public async Task Word_uses_Heading1_for_the_title_has_tables_with_header_rows_and_is_a_valid_document()
    {
        using var response = await Client.GetAsync($"/r/{fixture.ChurnId}/export/docx");

        AssertDownload(response, "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "q3-churn-review.docx");
        using var stream = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        using var word = WordprocessingDocument.Open(stream, isEditable: false);
        var body = word.MainDocumentPart!.Document!.Body!;
        var styled = body.Descendants<W.Paragraph>().Select(p => (Style: p.ParagraphProperties?.ParagraphStyleId?.Val?.Value, Text: p.InnerText)).ToList();
        Assert.Contains(("Heading1", Title), styled);
        Assert.Contains(("Heading2", "Drivers"), styled);
        Assert.Equal(Title, word.PackageProperties.Title);
        var tables = body.Descendants<W.Table>().ToList();
        Assert.Equal(1 + await ChartCountAsync(), tables.Count); // the data and each chart as its data
        var data = tables[0].Elements<W.TableRow>().ToList();
        Assert.NotNull(data[0].TableRowProperties?.GetFirstChild<W.TableHeader>());
        Assert.Equal(["region", "churn", "revenue"], data[0].Elements<W.TableCell>().Select(c => c.InnerText));
        Assert.Contains(data, r => r.Elements<W.TableCell>().Select(c => c.InnerText).SequenceEqual(["West", "3.3", "1500"]));
        Assert.Contains("Region", tables[1].InnerText, StringComparison.Ordinal);
        Assert.Empty(word.MainDocumentPart.ImageParts); // no Chromium here: each chart is its table only
        Assert.Empty(body.Descendants<W.Drawing>());
        Assert.Empty(new OpenXmlValidator().Validate(word).Select(e => $"{e.Path?.XPath}: {e.Description}"));
        Assert.Contains(word.MainDocumentPart.StyleDefinitionsPart!.Styles!.Elements<W.Style>(), s => s.StyleId == "Heading1" && s.StyleName?.Val == "heading 1");
    }

    [Fact]
    public async Task Html_is_the_stored_document_sealed_by_the_report_policy()
    {
        var raw = await Client.GetStringAsync($"/r/{fixture.ChurnId}/raw");

        using var response = await Client.GetAsync($"/r/{fixture.ChurnId}/export/html");

        AssertDownload(response, "text/html", "q3-churn-review.html");
        var html = await response.Content.ReadAsStringAsync();
        const string Seal = "\n<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; form-action 'none'; base-uri 'none'\">\n";
        Assert.StartsWith("<!doctype html>" + Seal, html, StringComparison.Ordinal); // first in the document, so it covers all of it
        Assert.Equal(raw, html.Replace(Seal, "", StringComparison.Ordinal));
        Assert.StartsWith("sandbox", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_title_with_letters_beyond_ASCII_names_the_file_in_full_with_an_ASCII_fallback()
    {
        var id = await Api.StartAsync(Client, new { title = "Résumé: Zürich Q3 — 東京/Berlin", sections = new[] { "Überblick" } });
        await Api.WaitForStatusAsync(Client, id, "done");

        foreach (var format in new[] { "md", "docx", "html" })
        {
            using var response = await Client.GetAsync($"/r/{id}/export/{format}");

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var disposition = response.Content.Headers.ContentDisposition!;
            Assert.Equal("attachment", disposition.DispositionType);
            Assert.Equal($"resume-zurich-q3-berlin.{format}", disposition.FileName!.Trim('"'));
            Assert.Equal($"Résumé Zürich Q3 — 東京 Berlin.{format}", disposition.FileNameStar);
            Assert.All(response.Content.Headers.GetValues("Content-Disposition").Single(), c => Assert.True(c < 128, "the header itself is ASCII"));
        }
    }

    [Fact]
    public async Task An_unfinished_report_answers_as_an_unknown_one()
    {
        var held = fixture.Gate.Hold("Still writing");
        var id = await Api.StartAsync(Client, new { title = "Still writing", sections = new[] { "One" } });
        held.Release(200);
        await Api.WaitForStatusAsync(Client, id, "generating");

        using var unfinished = await Client.GetAsync($"/r/{id}/export/md");
        using var unknown = await Client.GetAsync("/r/AAAAAAAAAAAAAAAAAAAAAA/export/md");

        Assert.Equal(HttpStatusCode.NotFound, unfinished.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unfinished.Content.Headers.ContentType?.MediaType);
        Assert.Equal(Detail(await unknown.Content.ReadFromJsonAsync<JsonElement>()), Detail(await unfinished.Content.ReadFromJsonAsync<JsonElement>()));
        held.ReleaseAll();
    }

    [Theory]
    [InlineData("rtf")]
    [InlineData("exe")]
    public async Task An_unknown_format_is_a_404_problem_naming_the_formats(string format)
    {
        using var response = await Client.GetAsync($"/r/{fixture.ChurnId}/export/{format}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("html, md, docx, pdf", Detail(await response.Content.ReadFromJsonAsync<JsonElement>()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pdf_without_Chromium_configured_is_a_404_problem_that_says_so()
    {
        using var response = await Client.GetAsync($"/r/{fixture.ChurnId}/export/pdf");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("PDF export is not configured", Detail(await response.Content.ReadFromJsonAsync<JsonElement>()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_Chromium_the_offered_formats_leave_out_PDF_and_anyone_may_ask()
    {
        using var anonymous = fixture.Server.AnonymousClient();

        var offered = await anonymous.GetFromJsonAsync<JsonElement>("/api/exports");

        Assert.Equal(["html", "md", "docx"], offered.GetProperty("formats").EnumerateArray().Select(f => f.GetString()));
    }

    [Fact]
    public async Task The_current_version_can_be_named_and_no_other()
    {
        using var current = await Client.GetAsync($"/r/{fixture.ChurnId}/export/md?v=1");
        using var other = await Client.GetAsync($"/r/{fixture.ChurnId}/export/md?v=2");

        Assert.Equal(HttpStatusCode.OK, current.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
    }

    private static void AssertDownload(HttpResponseMessage response, string mediaType, string fileName)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal(fileName, response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
    }

    private async Task<int> ChartCountAsync()
    {
        var raw = await Client.GetStringAsync($"/r/{fixture.ChurnId}/raw");
        return new HtmlParser().ParseDocument(raw).QuerySelectorAll("figure.chart svg").Length;
    }

    private static string Detail(JsonElement problem) => problem.GetProperty("detail").GetString()!;
}
