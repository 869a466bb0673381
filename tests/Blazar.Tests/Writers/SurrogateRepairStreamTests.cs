using System.Text;
using Blazar.Writers.Providers;

namespace Blazar.Tests.Writers;

public sealed class SurrogateRepairStreamTests
{
    [Theory]
    [InlineData(@"{""t"":""a\ud83d b""}", @"{""t"":""a\ufffd b""}")]
    [InlineData(@"{""t"":""a\uDE00""}", @"{""t"":""a\ufffd""}")]
    [InlineData(@"{""t"":""\ud83d\ude00 whole""}", @"{""t"":""\ud83d\ude00 whole""}")]
    [InlineData(@"{""t"":""\\ud83d is text""}", @"{""t"":""\\ud83d is text""}")]
    [InlineData(@"{""t"":""end\ud83d""}", @"{""t"":""end\ufffd""}")]
    [InlineData(@"{""t"":""\ud83d\u0041""}", @"{""t"":""\ufffd\u0041""}")]
    public async Task Lone_surrogate_escapes_become_replacement_characters_wherever_the_reads_cut(string wire, string repaired)
    {
        foreach (var readSize in new[] { 1, 2, 3, 5, 7, 13, 4096 })
            Assert.Equal(repaired, Encoding.UTF8.GetString(await ReadAllAsync(Encoding.UTF8.GetBytes(wire), readSize)));
    }

    [Fact]
    public async Task A_lone_surrogate_in_raw_utf8_becomes_a_replacement_character()
    {
        byte[] wire = [.. "a"u8, 0xED, 0xA0, 0xBD, .. " é😀"u8];
        byte[] repaired = [.. "a"u8, 0xEF, 0xBF, 0xBD, .. " é😀"u8];

        foreach (var readSize in new[] { 1, 2, 4096 })
            Assert.Equal(repaired, await ReadAllAsync(wire, readSize));
    }

    private static async Task<byte[]> ReadAllAsync(byte[] wire, int readSize)
    {
        using var stream = new SurrogateRepairStream(new Trickle(wire, readSize));
        using var output = new MemoryStream();
        var buffer = new byte[3];
        int read;
        while ((read = await stream.ReadAsync(buffer)) > 0)
            output.Write(buffer, 0, read);
        return output.ToArray();
    }

    /// <summary>A stream that hands out at most <paramref name="size"/> bytes a read, as a network may.</summary>
    private sealed class Trickle(byte[] data, int size) : MemoryStream(data)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(size, buffer.Length)], cancellationToken);
    }
}
