using Blazar.Writers;
using Blazar.Writers.Offline;

namespace Blazar.Chat;

/// <summary>Recognises data a user pasted into the chat, so it becomes the spec's <c>data</c>.</summary>
internal static class PastedData
{
    /// <summary>True when <paramref name="text"/> reads as a table (a header row and rows with the same columns).</summary>
    public static bool IsTable(string? text) => CsvTable.TryParse(text) is { Rows.Count: > 0 };

    /// <summary>The last table the user pasted, if any.</summary>
    public static string? LastTable(IEnumerable<ChatTurn> conversation) =>
        conversation.LastOrDefault(t => t.Role == "user" && IsTable(t.Content))?.Content?.Trim();

    /// <summary>"12 rows; columns Month, Revenue, Churn" for the assistant to confirm what it took.</summary>
    public static string Describe(string text)
    {
        var table = CsvTable.TryParse(text);
        return table is null ? "" : $"{table.Rows.Count} rows; columns {string.Join(", ", table.Header)}";
    }
}
