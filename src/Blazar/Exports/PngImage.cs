using System.Buffers.Binary;

namespace Blazar.Exports;

/// <summary>Checks that bytes are a whole PNG (signature, header first, end last) and reads its size in pixels.</summary>
internal static class PngImage
{
    private const int MaxSide = 20_000;

    private static ReadOnlySpan<byte> Signature => [137, 80, 78, 71, 13, 10, 26, 10];

    /// <summary>The image's width and height from its IHDR chunk; null when the bytes are not a complete PNG.</summary>
    public static (int Width, int Height)? Size(ReadOnlySpan<byte> png)
    {
        if (png.Length < 8 + 25 + 12 || !png.StartsWith(Signature)
            || BinaryPrimitives.ReadUInt32BigEndian(png[8..]) != 13 || !png.Slice(12, 4).SequenceEqual("IHDR"u8)
            || !png.Slice(png.Length - 8, 4).SequenceEqual("IEND"u8))
            return null;
        var width = BinaryPrimitives.ReadUInt32BigEndian(png[16..]);
        var height = BinaryPrimitives.ReadUInt32BigEndian(png[20..]);
        return width is > 0 and <= MaxSide && height is > 0 and <= MaxSide ? ((int)width, (int)height) : null;
    }
}
