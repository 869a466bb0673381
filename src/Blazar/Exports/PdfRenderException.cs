namespace Blazar.Exports;

/// <summary>Chromium ran but produced no PDF (it crashed, refused a flag, or could not read the report).</summary>
internal sealed class PdfRenderException(string message) : Exception(message);
