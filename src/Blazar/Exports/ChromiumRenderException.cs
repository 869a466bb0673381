namespace Blazar.Exports;

/// <summary>Chromium did not start, or ran and produced nothing (it crashed, refused a flag, or could not read the page).</summary>
internal sealed class ChromiumRenderException(string message) : Exception(message);
