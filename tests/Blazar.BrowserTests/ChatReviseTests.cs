using System.Net.Http.Json;
using Blazar.Extensions;
using Blazar.Reports;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Blazar.BrowserTests;

/// <summary>Revise from the chat: the finished report's generation card asks for a new version and follows it live.</summary>
[Collection(BrowserTestGroup.Name)]
public sealed class ChatReviseTests(BlazarBrowser blazar)
{
    [Fact]
    public async Task A_section_revised_from_the_generation_card_is_written_again_and_followed_to_done()
    {
        await using var context = await blazar.NewContextAsync();
        var hub = await context.NewPageAsync();
        var revisionsAsked = 0;
        hub.Request += (_, request) =>
        {
            if (request.Method == "POST" && request.Url.EndsWith("/revisions", StringComparison.Ordinal)) Interlocked.Increment(ref revisionsAsked);
        };
        await hub.GotoAsync("/");
        await Pages.InterviewAsync(hub, "Revised from the chat card", "the whole team", "Context, Findings, Outlook", "no", "plain");
        await hub.GetByTestId("spec-confirm").ClickAsync();

        var card = hub.GetByTestId("generation-card");
        await Expect(card.GetByTestId("open-report")).ToBeVisibleAsync(new() { Timeout = 40_000 });
        var id = await card.GetAttributeAsync("data-report-id");
        var first = await blazar.Http.GetStringAsync($"/r/{id}/raw");

        // Keyboard: Revise opens the form in the card with the instruction focused; the sections are the report's headings.
        await card.GetByTestId("revise-from-chat").FocusAsync();
        await hub.Keyboard.PressAsync("Enter");
        var form = card.GetByTestId("revise-from-chat-form");
        await Expect(form).ToBeVisibleAsync();
        await Expect(card.GetByTestId("revise-from-chat-instruction")).ToBeFocusedAsync();
        await Expect(card.GetByTestId("revise-from-chat-section").Locator("option"))
            .ToHaveTextAsync(["The whole report", "Only “Context”", "Only “Findings”", "Only “Outlook”"]);

        // Nothing asked: the field says so and nothing is sent.
        await card.GetByTestId("revise-from-chat-submit").ClickAsync();
        await Expect(form.Locator(".field-error[data-field=instruction]")).ToHaveTextAsync("Say what should change.");
        Assert.Equal(0, Volatile.Read(ref revisionsAsked));

        // A section the report no longer has (as when the list went stale): the server's field error shows under the select.
        await card.GetByTestId("revise-from-chat-section").EvaluateAsync("s => { s.options[3].value = 'A section since removed'; s.selectedIndex = 3; }");
        await card.GetByTestId("revise-from-chat-instruction").FillAsync("Make it shorter");
        await card.GetByTestId("revise-from-chat-submit").ClickAsync();
        await Expect(form.Locator(".field-error[data-field=section]")).ToContainTextAsync("no section headed");
        Assert.Equal(1, Volatile.Read(ref revisionsAsked));

        await card.GetByTestId("revise-from-chat-section").SelectOptionAsync("Findings");
        await card.GetByTestId("revise-from-chat-instruction").FillAsync("Make it shorter");
        await Expect(form.Locator(".field-error[data-field=instruction]")).ToBeHiddenAsync();
        await Expect(form.Locator(".field-error[data-field=section]")).ToBeHiddenAsync();
        await BlazarBrowser.ScreenshotAsync(hub, "chat-revise-form");
        await hub.SetViewportSizeAsync(375, 800);
        await hub.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Dark });
        await form.ScrollIntoViewIfNeededAsync();
        Assert.True(await hub.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= 375"), "the card fits 375 px");
        await BlazarBrowser.ScreenshotAsync(hub, "chat-revise-form-dark-375");

        // The revision's section waits for the test, so the card is seen writing the new version from its start.
        var held = blazar.Gate.Hold("Revised from the chat card");
        await card.GetByTestId("revise-from-chat-submit").ClickAsync();
        await Expect(form).ToHaveCountAsync(0);
        await Expect(card).ToHaveAttributeAsync("data-state", "writing");
        await Expect(card.GetByTestId("stop-generation")).ToBeVisibleAsync();
        await Expect(card.GetByTestId("view-live")).ToBeVisibleAsync();
        var writing = await Wait.UntilAsync(() => card.GetByTestId("generation-kb").GetAttributeAsync("data-length"),
            length => int.Parse(length!, System.Globalization.CultureInfo.InvariantCulture) > 0, Watching.Generous, "the text before the section");
        Assert.True(int.Parse(writing!, System.Globalization.CultureInfo.InvariantCulture) < first.Length, "the new version's size counts from its own start");
        Assert.Equal(2, Volatile.Read(ref revisionsAsked));
        held.ReleaseAll();

        await Expect(card).ToHaveAttributeAsync("data-state", "done", new() { Timeout = 40_000 });
        await Expect(card.GetByTestId("open-report")).ToHaveAttributeAsync("href", $"/r/{id}");
        await Expect(card.GetByTestId("revise-from-chat")).ToBeVisibleAsync();
        var second = await blazar.Http.GetStringAsync($"/r/{id}/raw");
        Assert.Contains("Revised as asked: “Make it shorter”.", second, StringComparison.Ordinal);
        await Expect(card.GetByTestId("generation-kb")).ToHaveAttributeAsync("data-length", second.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));

        var versions = await blazar.Http.GetFromJsonAsync<ReportVersion[]>($"/api/reports/{id}/versions", BlazarJson.Options);
        Assert.Equal(2, versions!.Length);
        var revision = Assert.Single(versions, v => v.Version == 2);
        Assert.Equal("Findings", revision.Section);
        Assert.Equal("Make it shorter", revision.Instruction);
        Assert.Equal(ReportStatus.Done, revision.Status);
    }
}
