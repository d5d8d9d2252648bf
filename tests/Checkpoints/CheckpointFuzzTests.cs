using System.Diagnostics;
using System.Text;
using KDTalker.Tests.Support;
using KDTalker.Tests.Support.TorchSave;
using KDTalker.WeightsConverter.Pytorch;
using Xunit;

namespace KDTalker.Tests.Checkpoints;

/// <summary>
/// Checkpoints are untrusted input: every corrupted or crafted file must end in a clean IOException
/// (a format error naming the problem) or a correct result, quickly and without allocating much more
/// than the file's size. Anything else (an index, cast, overflow or memory error, a hang) fails.
/// </summary>
public class CheckpointFuzzTests
{
    private static readonly TimeSpan PerCaseLimit = TimeSpan.FromSeconds(2);

    [Theory]
    [InlineData("a_appearance_feature_extractor.pth", 2500, 1)]
    [InlineData("b_motion_extractor.pth", 400, 2)]
    public void Mutated_fixture_checkpoints_fail_cleanly_or_load(string name, int cases, int seed) =>
        FuzzMutations(File.ReadAllBytes(Fixtures.Path("golden/" + name)), name, cases, seed);

    [Fact]
    public void Mutated_legacy_format_checkpoints_fail_cleanly_or_load()
    {
        string path = Path.GetTempFileName();
        try
        {
            SyntheticCheckpoints.Write(KDTalker.WeightsConverter.Catalog.ReleaseCatalog.Get("stitching_retargeting_module"), path, legacy: true);
            FuzzMutations(File.ReadAllBytes(path), "legacy stitching checkpoint", 1500, 3);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static void FuzzMutations(byte[] original, string name, int cases, int seed)
    {
        Assert.True(RunCase(original, name), $"the unmutated {name} must load");
        var random = new Random(seed);
        int loaded = 0;
        for (int i = 0; i < cases; i++)
        {
            var bytes = Mutate(original, random);
            if (RunCase(bytes, $"{name} case {i}"))
                loaded++;
        }
        Assert.InRange(loaded, 0, cases - 1); // most mutations must be detected, not silently accepted
    }

    public static TheoryData<string, byte[]> CraftedPickles => new()
    {
        { "os.system call as the state_dict", Zip(Pickle("\x80\x02cos\nsystem\nq\x00X\x02\x00\x00\x00lsq\x01\x85q\x02Rq\x03.")) },
        { "list that contains itself", Zip(Pickle("\x80\x02]q\x00h\x00a.")) },
        { "200 000 nested MARKs", Zip(Pickle("\x80\x02" + new string('(', 200_000) + ".")) },
        { "100 000 nested empty tuples", Zip(Pickle("\x80\x02" + string.Concat(Enumerable.Repeat(")\x85", 100_000)) + ".")) },
        { "4 GB string length", Zip(Pickle("\x80\x02X\xff\xff\xff\xff" + "abc.")) },
        { "8 EB bytes length", Zip(Pickle("\x80\x02\x8e\xff\xff\xff\xff\xff\xff\xff\x7f.")) },
        { "GET of an unknown memo", Zip(Pickle("\x80\x02h\x07.")) },
        { "unknown opcode", Zip(Pickle("\x80\x02\xff.")) },
        { "no STOP", Zip(Pickle("\x80\x02}q\x00")) },
        { "persistent id that is not a storage", Zip(Pickle("\x80\x02X\x03\x00\x00\x00abcQ.")) },
        { "huge tensor over a tiny storage", TinyStorageTensor([1L << 40, 1L << 40], [1L << 40, 1]) },
        { "negative stride", TinyStorageTensor([2], [-1]) },
        { "broadcast view of one element", TinyStorageTensor([1_000_000_000], [0]) },
        { "legacy magic then garbage", [0x80, 0x02, 0x8A, 0x0A, 0x6C, 0xFC, 0x9C, 0x46, 0xF9, 0x20, 0x6A, 0xA8, 0x50, 0x19, 0x2E, 0x80, 0x02, 0x4A] },
        { "a text file", Encoding.ASCII.GetBytes("this is not a checkpoint at all\n") },
        { "empty file", [] },
    };

    [Theory]
    [MemberData(nameof(CraftedPickles))]
    public void Crafted_checkpoints_end_in_a_clear_error(string what, byte[] bytes)
    {
        Assert.False(RunCase(bytes, what), $"{what} was accepted as a checkpoint.");
    }

    [Fact]
    public void A_disallowed_global_is_never_called_and_is_reported_when_used()
    {
        // state_dict = {"w": os.system("ls")}: rebuilt as a placeholder, reported by name when read as a tensor.
        var bytes = Zip(Pickle("\x80\x02}q\x00X\x01\x00\x00\x00wcos\nsystem\nX\x02\x00\x00\x00ls\x85Rs."));
        using var checkpoint = TorchCheckpoint.Open(new MemoryStream(bytes), "crafted.pth");
        var error = Assert.Throws<CheckpointFormatException>(() => CheckpointLayout.StateDict(checkpoint));
        Assert.Contains("'w' is a <os.system object, not rebuilt>, not a tensor", error.Message);
    }

    /// <summary>Opens and fully reads one candidate; true when it loaded. Fails the test on any non-IO exception.</summary>
    private static bool RunCase(byte[] bytes, string what)
    {
        long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        bool loaded;
        try
        {
            using var checkpoint = TorchCheckpoint.Open(new MemoryStream(bytes, writable: false), what);
            foreach (var (_, tensor) in CheckpointLayout.StateDict(checkpoint))
                tensor.ReadFloat32();
            loaded = true;
        }
        catch (IOException)
        {
            loaded = false;
        }
        catch (Exception e)
        {
            Assert.Fail($"{what}: {e.GetType().Name} escaped instead of a format error: {e.Message}");
            throw;
        }
        Assert.True(clock.Elapsed < PerCaseLimit, $"{what}: took {clock.Elapsed.TotalSeconds:F1} s.");
        long allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        Assert.True(allocated < 64L * bytes.Length + (16 << 20), $"{what}: allocated {allocated / 1e6:F1} MB for a {bytes.Length / 1e3:F0} kB file.");
        return loaded;
    }

    private static byte[] Mutate(byte[] original, Random random)
    {
        var bytes = (byte[])original.Clone();
        switch (random.Next(5))
        {
            case 0: // truncate
                return bytes[..random.Next(bytes.Length)];
            case 1: // flip bits
                for (int k = random.Next(1, 9); k > 0; k--)
                    bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8));
                return bytes;
            case 2: // huge little-endian values (lengths, counts, offsets)
                int at = random.Next(bytes.Length - 8);
                BitConverter.GetBytes(random.Next(2) == 0 ? 0x7FFF_FFFFL : long.MaxValue - random.Next(100)).AsSpan(0, random.Next(1, 9)).CopyTo(bytes.AsSpan(at));
                return bytes;
            case 3: // random bytes in the pickle, which sits near the start of a torch zip
                for (int k = random.Next(1, 5); k > 0; k--)
                    bytes[random.Next(Math.Min(bytes.Length, 8192))] = (byte)random.Next(256);
                return bytes;
            default: // splice: copy a block over another
                int length = random.Next(1, 256), from = random.Next(bytes.Length - length), to = random.Next(bytes.Length - length);
                Array.Copy(original, from, bytes, to, length);
                return bytes;
        }
    }

    private static byte[] Pickle(string opcodes) => Encoding.Latin1.GetBytes(opcodes);

    private static byte[] Zip(byte[] pickle)
    {
        string path = Path.GetTempFileName();
        try
        {
            TorchSaveWriter.SaveZip(path, pickle, []);
            return File.ReadAllBytes(path);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static byte[] TinyStorageTensor(long[] shape, long[] stride)
    {
        string path = Path.GetTempFileName();
        try
        {
            var tensor = new TensorValue("0", 4, 0, shape, stride);
            TorchSaveWriter.SaveZip(path, new OrderedDictValue([new("w", tensor)]), [new StorageData("0", 4, () => new byte[16])]);
            return File.ReadAllBytes(path);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
