namespace Blazar.Exports;

/// <summary>A format a report downloads as: its name in the URL, the file's extension and its media type.</summary>
internal sealed record ExportFormat(string Name, string ContentType)
{
    public static readonly ExportFormat Html = new("html", "text/html; charset=utf-8");
    public static readonly ExportFormat Markdown = new("md", "text/markdown; charset=utf-8");
    public static readonly ExportFormat Word = new("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    public static readonly ExportFormat Pdf = new("pdf", "application/pdf");

    public static readonly IReadOnlyList<ExportFormat> All = [Html, Markdown, Word, Pdf];

    public string Extension => Name;

    public static ExportFormat? Find(string name) => All.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase));
}
