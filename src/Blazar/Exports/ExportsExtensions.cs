namespace Blazar.Exports;

internal static class ExportsExtensions
{
    /// <summary>Registers the exports: Chromium, which prints PDFs and draws charts for Word, and its options (<c>Blazar:Pdf</c>, checked at start).</summary>
    public static IHostApplicationBuilder AddExports(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<PdfOptions>().Bind(builder.Configuration.GetSection("Blazar:Pdf")).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<ChromiumRunner>();
        builder.Services.AddSingleton<PdfRenderer>();
        builder.Services.AddSingleton<ChartRasterizer>();
        return builder;
    }
}
