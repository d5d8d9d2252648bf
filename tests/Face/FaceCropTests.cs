using KDTalker.Model.Face;
using KDTalker.Model.Media;
using Xunit;

namespace KDTalker.Tests.Face;

/// <summary>
/// The §1 crop on landmark sets whose quad is worked out by hand from docs/PIPELINE.md's formulas: eyes 100 px apart
/// with the mouth 100 px below give x = (200, 0), y = (0, 200), c = eye centre + 10 px down, border 40.
/// </summary>
public class FaceCropTests
{
    [Fact]
    public void A_level_face_gets_the_square_quad_around_eyes_and_mouth()
    {
        var crop = FaceCrop.FromLandmarks(Face(eyeY: 300, centreX: 450), 1000, 800);
        Assert.Equal((250, 110, 650, 510), (crop.Left, crop.Top, crop.Right, crop.Bottom));
        Assert.Equal(new FaceRegion(250, 110, 400, 400), crop.Region);
        Assert.Equal(0, crop.Shrink);
    }

    [Fact]
    public void The_bottom_is_clamped_by_the_photo_width_as_upstream_does()
    {
        // A tall photo 420 px wide: the crop box starts at y = 70, and in its coordinates the quad's bottom (440.5)
        // exceeds the width, so the inner box stops at 420, i.e. y = 490 instead of the quad's 510.
        var crop = FaceCrop.FromLandmarks(Face(eyeY: 300, centreX: 210), 420, 1000);
        Assert.Equal((10, 110, 410, 490), (crop.Left, crop.Top, crop.Right, crop.Bottom));
    }

    [Fact]
    public void Very_large_faces_are_shrunk_by_an_integer_factor_first()
    {
        // Everything scaled ×6: qsize = 2400 → shrink = ⌊2400/512·0.5⌋ = 2, and the box is the level face's ×3 on the halved photo.
        var landmarks = Face(eyeY: 300, centreX: 450).Select(p => p * 6).ToList();
        var crop = FaceCrop.FromLandmarks(landmarks, 6000, 4800);
        Assert.Equal(2, crop.Shrink);
        Assert.Equal((3000, 2400), (crop.ResizedWidth, crop.ResizedHeight));
        Assert.Equal((750, 330, 1950, 1530), (crop.Left, crop.Top, crop.Right, crop.Bottom));
        Assert.Equal(new FaceRegion(1500, 660, 2400, 2400), crop.Region);
    }

    [Fact]
    public void The_network_input_is_the_box_stretched_to_256()
    {
        var photo = new RgbImage(1000, 800);
        for (int y = 110; y < 510; y++)
            for (int x = 250; x < 650; x++)
                photo.Pixels[(y * 1000 + x) * 3] = 200; // red exactly on the box
        var input = FaceCrop.FromLandmarks(Face(eyeY: 300, centreX: 450), 1000, 800).Extract(photo);
        Assert.Equal((256, 256), (input.Width, input.Height));
        Assert.All(Enumerable.Range(0, 256 * 256), p => Assert.Equal(200, input.Pixels[3 * p]));
    }

    [Fact]
    public void Paste_back_keeps_the_photo_outside_the_region_and_the_face_at_its_centre()
    {
        var photo = new RgbImage(400, 300, Enumerable.Range(0, 400 * 300 * 3).Select(i => (byte)(i % 97)).ToArray());
        var paste = new PasteBack(photo, new FaceRegion(100, 50, 200, 200));
        var face = new RgbImage(512, 512, Enumerable.Repeat((byte)255, 512 * 512 * 3).ToArray());
        var frame = paste.Composite(face);
        Assert.Equal((400, 300), (frame.Width, frame.Height));
        for (int y = 0; y < 300; y++)
            for (int x = 0; x < 400; x++)
            {
                int i = (y * 400 + x) * 3;
                if (x < 100 || x >= 300 || y < 50 || y >= 250)
                    Assert.Equal(photo.Pixels[i], frame.Pixels[i]);
                else if (x >= 130 && x < 270 && y >= 80 && y < 220)
                    Assert.Equal(255, frame.Pixels[i]); // beyond the 24-pixel feather: the face alone
            }
    }

    // 68 points: eyes (36–47) at (centreX ∓ 50, eyeY), mouth corners 48 and 54 at (centreX ∓ 20, eyeY + 100); others unused.
    private static List<Point2> Face(double eyeY, double centreX)
    {
        var points = Enumerable.Repeat(new Point2(centreX, eyeY + 50), 68).ToList();
        for (int i = 36; i < 42; i++)
            points[i] = new Point2(centreX - 50, eyeY);
        for (int i = 42; i < 48; i++)
            points[i] = new Point2(centreX + 50, eyeY);
        points[48] = new Point2(centreX - 20, eyeY + 100);
        points[54] = new Point2(centreX + 20, eyeY + 100);
        return points;
    }
}
