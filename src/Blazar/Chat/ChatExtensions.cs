using Blazar.Writers;
using Microsoft.Extensions.AI;

namespace Blazar.Chat;

internal static class ChatExtensions
{
    /// <summary>
    /// Registers the chat's assistant: the configured model interviews the user when there is one;
    /// with the offline writer, a scripted interview collects the same fields.
    /// </summary>
    public static IHostApplicationBuilder AddChat(this IHostApplicationBuilder builder)
    {
        var offline = WriterOptions.Chosen(builder.Configuration) == "offline";
        if (offline)
            builder.Services.AddSingleton<IInterviewer, ScriptedInterview>();
        else
            builder.Services.AddSingleton<IInterviewer>(services => new ModelInterview(services.GetRequiredService<IChatClient>()));
        return builder;
    }
}
