using System.Text;
using Blazar.Generation;

namespace Blazar.Tests.Generation;

public sealed class ReportTextTests
{
    [Fact]
    public void Reads_give_exactly_the_seed_and_every_delta_in_order_across_many_segments()
    {
        var text = new ReportText("<!doctype html>");
        var expected = new StringBuilder("<!doctype html>");
        for (var i = 0; i < 5000; i++)
        {
            var delta = i % 7 == 0 ? "😀é" : $"<p>{i}</p>";
            text.Append(delta);
            expected.Append(delta);
            if (i % 997 == 0)
                Assert.Equal(expected.ToString(), text.ToString()); // mid-way, as the save beside the writer reads it
        }

        Assert.Equal(expected.Length, text.Length);
        Assert.Equal(expected.ToString(), text.ToString());
    }
}
