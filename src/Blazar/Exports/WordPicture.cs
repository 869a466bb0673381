using DocumentFormat.OpenXml.Wordprocessing;
using A = DocumentFormat.OpenXml.Drawing;
using DW = DocumentFormat.OpenXml.Drawing.Wordprocessing;
using PIC = DocumentFormat.OpenXml.Drawing.Pictures;

namespace Blazar.Exports;

/// <summary>
/// A picture in line with the text (DrawingML <c>wp:inline</c> holding a <c>pic:pic</c>), as wide as the page's
/// text and as tall as its shape asks, smaller when that would not fit on one page; its description is the
/// alternative text a screen reader speaks.
/// </summary>
internal static class WordPicture
{
    private const long EmuPerTwip = 635;

    public static Drawing Inline(string relationshipId, uint id, string description, (int Width, int Height) pixels, (int Width, int Height) textTwips)
    {
        var maxWidth = textTwips.Width * EmuPerTwip;
        var maxHeight = textTwips.Height * EmuPerTwip * 9 / 10; // room left for its table's first rows or the caption
        var scale = Math.Min((double)maxWidth / pixels.Width, (double)maxHeight / pixels.Height);
        var cx = (long)(pixels.Width * scale);
        var cy = (long)(pixels.Height * scale);
        var name = $"Chart {id}";
        return new Drawing(
            new DW.Inline(
                new DW.Extent { Cx = cx, Cy = cy },
                new DW.EffectExtent { LeftEdge = 0L, TopEdge = 0L, RightEdge = 0L, BottomEdge = 0L },
                new DW.DocProperties { Id = id, Name = name, Description = description },
                new DW.NonVisualGraphicFrameDrawingProperties(new A.GraphicFrameLocks { NoChangeAspect = true }),
                new A.Graphic(
                    new A.GraphicData(
                        new PIC.Picture(
                            new PIC.NonVisualPictureProperties(
                                new PIC.NonVisualDrawingProperties { Id = 0U, Name = name + ".png", Description = description },
                                new PIC.NonVisualPictureDrawingProperties()),
                            new PIC.BlipFill(
                                new A.Blip { Embed = relationshipId },
                                new A.Stretch(new A.FillRectangle())),
                            new PIC.ShapeProperties(
                                new A.Transform2D(new A.Offset { X = 0L, Y = 0L }, new A.Extents { Cx = cx, Cy = cy }),
                                new A.PresetGeometry(new A.AdjustValueList()) { Preset = A.ShapeTypeValues.Rectangle })))
                    { Uri = "http://schemas.openxmlformats.org/drawingml/2006/picture" }))
            { DistanceFromTop = 0U, DistanceFromBottom = 0U, DistanceFromLeft = 0U, DistanceFromRight = 0U });
    }
}
