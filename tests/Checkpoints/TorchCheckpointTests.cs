using System.Security.Cryptography;
using System.Text.Json;
using KDTalker.Tests.Support;
using KDTalker.WeightsConverter.Pytorch;
using Xunit;

namespace KDTalker.Tests.Checkpoints;

public class TorchCheckpointTests
{
    public static TheoryData<string> FixtureCheckpoints => new()
    {
        "a_appearance_feature_extractor.pth", "b_motion_extractor.pth", "c_warping_module.pth",
        "d_spade_generator.pth", "f_wav2lip_audio_encoder.pth", "h_kdtalker_point_diffusion.pth",
    };

    [Theory]
    [MemberData(nameof(FixtureCheckpoints))]
    public void Every_tensor_of_a_real_torch_save_file_matches_cpython_pickle_bit_for_bit(string name)
    {
        // digests.json was written by golden/digest_checkpoints.py, which reads the same files with CPython's pickle module.
        using var digests = JsonDocument.Parse(File.ReadAllText(Fixtures.Path("golden/digests.json")));
        var expected = digests.RootElement.GetProperty(name).EnumerateArray().ToList();
        using var checkpoint = TorchCheckpoint.Open(Fixtures.Path("golden/" + name));
        Assert.Equal(TorchCheckpointFormat.Zip, checkpoint.Format);
        var actual = CheckpointTree.Tensors(checkpoint.Root).ToList();
        Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < actual.Count; i++)
        {
            var (path, tensor) = actual[i];
            Assert.Equal(expected[i].GetProperty("name").GetString(), path);
            Assert.Equal(expected[i].GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()), tensor.Shape);
            Assert.Equal(expected[i].GetProperty("dtype").GetString(), tensor.DType.ToString().ToLowerInvariant());
            Assert.Equal(expected[i].GetProperty("sha256").GetString(), Convert.ToHexStringLower(SHA256.HashData(tensor.ReadBytes())));
        }
    }
}
