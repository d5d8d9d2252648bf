using KDTalker.Tests.Support;
using Xunit;

namespace KDTalker.Tests.Cli;

/// <summary>`kdtalker convert` as a user runs it.</summary>
public sealed class ConvertCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("kdtalker-convert-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void A_bundle_half_written_by_a_killed_convert_is_removed_by_the_next_one()
    {
        string bundle = Path.Combine(_directory, "weights.safetensors");
        string stale = bundle + ".partial-999999"; // no such process: left by a convert killed with SIGKILL
        File.WriteAllBytes(stale, new byte[100]);

        var result = Kdtalker.Run("convert", Fixtures.Path("golden/a_appearance_feature_extractor.pth"), "--out", bundle, "--any-size");

        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        Assert.Equal(["weights.safetensors"], Directory.GetFiles(_directory).Select(Path.GetFileName));
    }
}
