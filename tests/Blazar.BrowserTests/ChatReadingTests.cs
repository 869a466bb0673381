using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Blazar.BrowserTests;

/// <summary>The chat reads what people type as they meant it, shows pasted data as a table, and loses nothing when it fails.</summary>
[Collection(BrowserTestGroup.Name)]
public sealed class ChatReadingTests(BlazarBrowser blazar)
{
    [Fact]
    public async Task A_brief_with_commas_is_read_as_the_topic_and_the_next_question_follows()
    {
        await using var context = await blazar.NewContextAsync();
        var hub = await context.NewPageAsync();
        await hub.GotoAsync("/");
        await hub.GetByTestId("chat-reset").ClickAsync();

        await Pages.InterviewAsync(hub, "We need a report on churn, for execs, concise.\nFocus on Q3, please.");

        var reply = hub.Locator(".message.assistant").Last;
        await Expect(reply).ToContainTextAsync("Who will read it?");
        await Expect(reply).Not.ToContainTextAsync("columns");
    }

    [Fact]
    public async Task Data_pasted_after_a_lead_in_is_a_table_preview_that_fits_a_phone_and_can_be_removed()
    {
        await using var context = await blazar.NewContextAsync(width: 375, height: 740);
        var hub = await context.NewPageAsync();
        await hub.GotoAsync("/");
        await hub.GetByTestId("chat-reset").ClickAsync();
        var wide = string.Join(",", Enumerable.Range(1, 14).Select(i => $"measurement_column_{i}"));
        var row = string.Join(",", Enumerable.Range(1, 14).Select(i => (i * 1234.5).ToString(System.Globalization.CultureInfo.InvariantCulture)));

        await Pages.InterviewAsync(hub, "Sensor readings this week", "the operations team", "Overview, Anomalies",
            $"Here's our data:\n{wide}\n{row}\n{row}", "plain");

        var spec = hub.GetByTestId("spec-card");
        var table = spec.GetByTestId("spec-data-table");
        await Expect(table).ToContainTextAsync("2 rows × 14 columns");
        await Expect(spec).Not.ToContainTextAsync("Here's our data");
        Assert.True(await hub.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"),
            "the page is wider than the phone");
        await Expect(hub.GetByTestId("chat-send")).ToBeInViewportAsync();
        await BlazarBrowser.ScreenshotAsync(hub, "chat-data-table-375px", fullPage: true);

        await spec.GetByTestId("spec-remove-data").ClickAsync();
        await Expect(table).ToHaveCountAsync(0);
        await Expect(spec).ToContainTextAsync("No data");
    }

    [Fact]
    public async Task When_the_chat_fails_the_message_is_back_in_the_box_and_Retry_sends_it()
    {
        await using var context = await blazar.NewContextAsync();
        var hub = await context.NewPageAsync();
        await hub.GotoAsync("/");
        await hub.GetByTestId("chat-reset").ClickAsync();
        await hub.RouteAsync("**/api/chat", route => route.FulfillAsync(new()
        {
            Status = 503,
            ContentType = "application/problem+json",
            Body = """{"title":"Service Unavailable","status":503,"detail":"The assistant is busy right now."}""",
        }));

        await hub.GetByTestId("chat-input").FillAsync("A report on warehouse safety");
        await hub.GetByTestId("chat-send").ClickAsync();

        await Expect(hub.Locator(".message.notice")).ToContainTextAsync("The assistant is busy right now.");
        await Expect(hub.GetByTestId("chat-input")).ToHaveValueAsync("A report on warehouse safety");
        await Expect(hub.Locator(".message.user")).ToHaveCountAsync(0);

        await hub.UnrouteAsync("**/api/chat");
        await hub.GetByTestId("chat-retry").ClickAsync();
        await Expect(hub.Locator(".message.user")).ToHaveCountAsync(1);
        await Expect(hub.Locator(".message.assistant").Last).ToContainTextAsync("Who will read it?");
        await Expect(hub.GetByTestId("chat-input")).ToHaveValueAsync("");
    }
}
