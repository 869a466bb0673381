using System.Net.Http.Json;
using System.Text.Json;
using Blazar.Tests.Infrastructure;

namespace Blazar.Tests.Writers;

public sealed class WriterChoiceTests
{
    [Theory]
    [InlineData("Offline")]
    [InlineData("OFFLINE")]
    [InlineData(" offline ")]
    public async Task The_writer_is_named_in_any_letter_case(string name)
    {
        await using var server = await BlazarServer.StartAsync(new Dictionary<string, string> { ["Writer"] = name }); // before: the start failed

        var info = await server.Client.GetFromJsonAsync<JsonElement>("/api/info");

        Assert.Equal("offline", info.GetProperty("writer").GetString());
        Assert.True(info.GetProperty("offline").GetBoolean());
    }

    [Fact]
    public async Task An_unknown_writer_fails_the_start_naming_the_key()
    {
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => BlazarServer.StartAsync(new Dictionary<string, string> { ["Writer"] = "gpt" }));

        Assert.Contains("Blazar:Writer", failure.Message, StringComparison.Ordinal);
    }
}
