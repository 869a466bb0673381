using System.ComponentModel.DataAnnotations;

namespace Blazar.Exports;

/// <summary>PDF export (<c>Blazar:Pdf</c>): off unless <see cref="Chromium"/> names a Chromium binary.</summary>
public sealed class PdfOptions : IValidatableObject
{
    /// <summary>A Chromium (or Chrome) binary that prints reports to PDF headless, such as Debian's <c>/usr/bin/chromium</c>.</summary>
    public string? Chromium { get; set; }

    /// <summary>How long one PDF may take to render, waiting for the renderer included, before it is given up.</summary>
    [Range(1, 600)]
    public int TimeoutSeconds { get; set; } = 30;

    public bool Enabled => !string.IsNullOrWhiteSpace(Chromium);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Enabled && !File.Exists(Chromium))
            yield return new ValidationResult($"Blazar:Pdf:Chromium names no file: '{Chromium}'. Point it at a Chromium binary or leave it empty to turn PDF export off.", [nameof(Chromium)]);
    }
}
