namespace Blazar.Exports;

internal static class ExportsExtensions
{
    /// <summary>Registers the exports: the PDF renderer and its options (<c>Blazar:Pdf</c>, checked at start).</summary>
    public static IHostApplicationBuilder AddExports(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<PdfOptions>().Bind(builder.Configuration.GetSection("Blazar:Pdf")).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<PdfRenderer>();
        return builder;
    }
}
