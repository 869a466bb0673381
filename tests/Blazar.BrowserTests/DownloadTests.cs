using System.Diagnostics;
using Blazar.Reports;
using DocumentFormat.OpenXml.Packaging;
using Markdig;
using Markdig.Syntax;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using W = DocumentFormat.OpenXml.Wordprocessing;

namespace Blazar.BrowserTests;

/// <summary>The report page's Download menu and Print, used as a reader would, each file opened by a reader of its format.</summary>
[Collection(BrowserTestGroup.Name)]
public sealed class DownloadTests(BlazarBrowser blazar)
{
    private static Spec Churn(string title) => new()
    {
        Title = title,
        Summary = "Why churn rose and what to do.",
        Sections = ["Executive summary", "Drivers", "Recommendations"],
        Data = "region,churn\nNorth,4.2\nSouth,6.1\nWest,3.3",
    };

    [Fact]
    public async Task Each_download_is_named_after_the_title_and_opens_as_its_format()
    {
        const string Title = "Downloaded churn review";
        var id = await blazar.FinishedReportAsync(Churn(Title));
        await using var context = await blazar.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync($"/r/{id}");
        var menu = page.GetByTestId("download-menu");
        await Expect(menu).ToBeVisibleAsync();

        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var format in new[] { "html", "pdf", "md", "docx" })
        {
            await menu.ClickAsync();
            await Expect(menu).ToHaveAttributeAsync("aria-expanded", "true");
            var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId($"download-{format}").ClickAsync());
            Assert.Equal($"{Title}.{format}", download.SuggestedFilename);
            var path = Path.Combine(Path.GetTempPath(), $"blazar-download-{Guid.NewGuid():N}.{format}");
            await download.SaveAsAsync(path);
            files[format] = path;
            await Expect(menu).ToHaveAttributeAsync("aria-expanded", "false");
        }

        var html = await File.ReadAllTextAsync(files["html"]);
        Assert.Contains($"<h1>{Title}</h1>", html, StringComparison.Ordinal);
        Assert.Contains("Content-Security-Policy", html, StringComparison.Ordinal);

        var markdown = Markdown.Parse(await File.ReadAllTextAsync(files["md"]), new MarkdownPipelineBuilder().UsePipeTables().Build());
        var headings = markdown.Descendants<HeadingBlock>().Select(h => (h.Level, Text: string.Concat(h.Inline!.Descendants<Markdig.Syntax.Inlines.LiteralInline>().Select(l => l.Content.ToString())))).ToList();
        Assert.Contains((1, Title), headings);
        Assert.Contains((2, "Drivers"), headings);
        Assert.NotEmpty(markdown.Descendants<Markdig.Extensions.Tables.Table>());

        using (var word = WordprocessingDocument.Open(files["docx"], isEditable: false))
        {
            var paragraphs = word.MainDocumentPart!.Document!.Body!.Descendants<W.Paragraph>()
                .Select(p => (Style: p.ParagraphProperties?.ParagraphStyleId?.Val?.Value, Text: p.InnerText)).ToList();
            Assert.Contains(("Heading1", Title), paragraphs);
            Assert.Contains(("Heading2", "Recommendations"), paragraphs);
        }

        var pdfText = await PdfTextAsync(files["pdf"]);
        Assert.Contains(Title, pdfText, StringComparison.Ordinal);
        Assert.Contains("South", pdfText, StringComparison.Ordinal);
        foreach (var file in files.Values)
            File.Delete(file);
    }

    [Fact]
    public async Task The_menu_works_from_the_keyboard_and_Escape_closes_it()
    {
        var id = await blazar.FinishedReportAsync(Churn("Keyboard downloads"));
        await using var context = await blazar.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync($"/r/{id}");
        var menu = page.GetByTestId("download-menu");
        await Expect(menu).ToBeVisibleAsync(); // shown once the page knows the report is finished: focus would miss it before
        await menu.FocusAsync();
        await Expect(menu).ToBeFocusedAsync();

        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByTestId("download-html")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("ArrowDown");
        await Expect(page.GetByTestId("download-pdf")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Escape");

        await Expect(page.GetByTestId("download-list")).ToBeHiddenAsync();
        await Expect(menu).ToBeFocusedAsync();
    }

    [Fact]
    public async Task Printing_shows_only_the_report_and_Print_prints_all_of_it()
    {
        var id = await blazar.FinishedReportAsync(BlazarBrowser.LongSpec("Printed whole", 24));
        await using var context = await blazar.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync($"/r/{id}");
        await Expect(page.GetByTestId("print-button")).ToBeVisibleAsync();

        // The page's print stylesheet: no bar, only the report.
        await page.EmulateMediaAsync(new() { Media = Media.Print });
        await Expect(page.GetByTestId("viewer-bar")).ToBeHiddenAsync();
        await Expect(page.GetByTestId("viewer-frame")).ToBeVisibleAsync();
        await page.EmulateMediaAsync(new() { Media = Media.Screen });
        await Expect(page.GetByTestId("viewer-bar")).ToBeVisibleAsync();

        // Print prints a frame of its own holding the stored report; the print really started in it.
        await page.GetByTestId("print-button").ClickAsync();
        var printFrame = page.GetByTestId("print-frame");
        await Expect(printFrame).ToHaveAttributeAsync("data-state", "printing");
        var printed = await page.EvaluateAsync<string>("() => document.querySelector('[data-testid=print-frame]').contentDocument.documentElement.outerHTML");
        var stored = await blazar.Http.GetStringAsync($"/r/{id}/raw");
        Assert.Contains("Part 24", printed, StringComparison.Ordinal);
        Assert.Equal(Normalize(stored), Normalize(printed));

        // What that frame prints: every page of the report, from its title to its last part.
        await using var paper = await blazar.Browser.NewContextAsync(new() { JavaScriptEnabled = false });
        var sheet = await paper.NewPageAsync();
        await sheet.SetContentAsync(printed);
        var pdf = Path.Combine(Path.GetTempPath(), $"blazar-print-{Guid.NewGuid():N}.pdf");
        await sheet.PdfAsync(new() { Path = pdf });
        var text = await PdfTextAsync(pdf);
        File.Delete(pdf);
        Assert.Contains("Printed whole", text, StringComparison.Ordinal);
        Assert.Contains("Part 24", text, StringComparison.Ordinal);
        Assert.True(text.Split('\f').Length > 2, "the report printed on one page only");
    }

    // The parser's serialization differs from the stored text only in whitespace and how empty elements close.
    private static string Normalize(string html) =>
        System.Text.RegularExpressions.Regex.Replace(System.Net.WebUtility.HtmlDecode(html).Replace("<!doctype html>", "", StringComparison.OrdinalIgnoreCase), @"<[^>]*>|\s+", "");

    private static async Task<string> PdfTextAsync(string path)
    {
        using var process = Process.Start(new ProcessStartInfo("pdftotext", ["-layout", path, "-"]) { RedirectStandardOutput = true })!;
        var text = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.Equal(0, process.ExitCode);
        return text;
    }
}
