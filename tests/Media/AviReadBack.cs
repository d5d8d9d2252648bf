using System.Buffers.Binary;
using System.Text;
using Xunit;

namespace KDTalker.Tests.Media;

/// <summary>
/// Our own reading of an AVI, byte by byte (Microsoft's AVI RIFF reference and the OpenDML 1.02 spec), that checks every
/// structural promise: one <c>RIFF AVI </c> then <c>RIFF AVIX</c> segments within the size limit, interleaved
/// <c>00dc</c>/<c>01wb</c> chunks, <c>ix00</c>/<c>ix01</c> standard indexes that point at exactly those chunks,
/// <c>indx</c> super indexes that point at exactly those standard indexes with the right durations, a legacy
/// <c>idx1</c> for the first RIFF, and header counts (avih, strh, dmlh) that agree with the chunks.
/// </summary>
public sealed class AviReadBack
{
    public AviReadBack(byte[] file, long riffLimit)
    {
        var top = RiffChunk.ReadFile(file);
        Assert.NotEmpty(top);
        for (int r = 0; r < top.Count; r++)
        {
            Assert.Equal("RIFF", top[r].Id);
            Assert.Equal(r == 0 ? "AVI " : "AVIX", top[r].ListType);
            Assert.True(8L + top[r].Size <= riffLimit, $"RIFF {r} is {8L + top[r].Size} bytes, over the {riffLimit} limit");
        }
        RiffCount = top.Count;

        var hdrl = top[0].Find("hdrl");
        var strls = hdrl.FindAll("strl").ToList();
        Assert.Equal(2, strls.Count);
        var avih = hdrl.Find("avih");
        var (videoStrh, audioStrh) = (strls[0].Find("strh"), strls[1].Find("strh"));
        Assert.Equal("vids", FourCC(videoStrh.Body(file)));
        Assert.Equal("MJPG", FourCC(videoStrh.Body(file)[4..]));
        Assert.Equal("auds", FourCC(audioStrh.Body(file)));
        Assert.Equal("MJPG", FourCC(strls[0].Find("strf").Body(file)[16..]));
        Assert.Equal(1, BinaryPrimitives.ReadInt16LittleEndian(strls[1].Find("strf").Body(file))); // WAVE_FORMAT_PCM

        var video = new List<RiffChunk>();
        var audio = new List<RiffChunk>();
        var videoStdIndexes = new List<RiffChunk>();
        var audioStdIndexes = new List<RiffChunk>();
        foreach (var riff in top)
        {
            var movi = riff.Children.Single(c => c.ListType == "movi");
            var frames = movi.Children.Where(c => c.Id is "00dc").ToList();
            var sounds = movi.Children.Where(c => c.Id is "01wb").ToList();
            // Interleaved: each video chunk followed by its audio chunk, the standard indexes last.
            var payload = movi.Children.Where(c => !c.Id.StartsWith("ix", StringComparison.Ordinal)).Select(c => c.Id).ToList();
            Assert.Equal(Enumerable.Repeat(new[] { "00dc", "01wb" }, frames.Count).SelectMany(p => p), payload);
            Assert.Equal(["ix00", "ix01"], movi.Children.Skip(payload.Count).Select(c => c.Id));
            CheckStandardIndex(file, movi.Find("ix00"), "00dc", frames);
            CheckStandardIndex(file, movi.Find("ix01"), "01wb", sounds);
            videoStdIndexes.Add(movi.Find("ix00"));
            audioStdIndexes.Add(movi.Find("ix01"));
            FramesPerRiff.Add(frames.Count);
            SamplesPerRiff.Add(sounds.Sum(s => s.Size / 2));
            video.AddRange(frames);
            audio.AddRange(sounds);
        }
        CheckSuperIndex(file, strls[0].Find("indx"), "00dc", videoStdIndexes, FramesPerRiff);
        CheckSuperIndex(file, strls[1].Find("indx"), "01wb", audioStdIndexes, SamplesPerRiff);
        CheckLegacyIndex(file, top[0]);

        VideoChunks = video.Select(c => c.Body(file).ToArray()).ToList();
        Audio = audio.SelectMany(c => Enumerable.Range(0, c.Size / 2).Select(i => BinaryPrimitives.ReadInt16LittleEndian(c.Body(file)[(2 * i)..]))).ToArray();
        MicrosecondsPerFrame = avih.Field(file, 0);
        FramesInAvih = avih.Field(file, 4);
        Size = (avih.Field(file, 8), avih.Field(file, 9));
        VideoRate = (videoStrh.Field(file, 6), videoStrh.Field(file, 5));
        VideoLength = videoStrh.Field(file, 8);
        AudioRate = (audioStrh.Field(file, 6), audioStrh.Field(file, 5));
        AudioLength = audioStrh.Field(file, 8);
        FramesInDmlh = top[0].Find("dmlh").Field(file, 0);
    }

    public int RiffCount { get; }
    public List<int> FramesPerRiff { get; } = [];
    public List<int> SamplesPerRiff { get; } = [];
    public List<byte[]> VideoChunks { get; }
    public short[] Audio { get; }
    public int MicrosecondsPerFrame { get; }
    public int FramesInAvih { get; }
    public (int Width, int Height) Size { get; }
    public (int Rate, int Scale) VideoRate { get; }
    public int VideoLength { get; }
    public (int Rate, int Scale) AudioRate { get; }
    public int AudioLength { get; }
    public int FramesInDmlh { get; }

    // AVISTDINDEX: wLongsPerEntry 2, type AVI_INDEX_OF_CHUNKS, entries (offset of the data from qwBaseOffset, size; bit 31 clear = key frame).
    private static void CheckStandardIndex(byte[] file, RiffChunk index, string chunkId, List<RiffChunk> chunks)
    {
        var body = index.Body(file);
        Assert.Equal(2, BinaryPrimitives.ReadInt16LittleEndian(body));
        Assert.Equal(1, body[3]);
        Assert.Equal(chunks.Count, BinaryPrimitives.ReadInt32LittleEndian(body[4..]));
        Assert.Equal(chunkId, FourCC(body[8..]));
        long baseOffset = BinaryPrimitives.ReadInt64LittleEndian(body[12..]);
        Assert.Equal(24 + 8 * chunks.Count, index.Size);
        for (int i = 0; i < chunks.Count; i++)
        {
            uint offset = BinaryPrimitives.ReadUInt32LittleEndian(body[(24 + 8 * i)..]);
            uint size = BinaryPrimitives.ReadUInt32LittleEndian(body[(28 + 8 * i)..]);
            Assert.Equal(chunks[i].DataPosition, baseOffset + offset);
            Assert.Equal((uint)chunks[i].Size, size); // bit 31 clear: a key frame
        }
    }

    // AVISUPERINDEX: wLongsPerEntry 4, type AVI_INDEX_OF_INDEXES, entries (position of an ix## chunk, its size with header, its duration).
    private static void CheckSuperIndex(byte[] file, RiffChunk index, string chunkId, List<RiffChunk> standardIndexes, List<int> durations)
    {
        var body = index.Body(file);
        Assert.Equal(4, BinaryPrimitives.ReadInt16LittleEndian(body));
        Assert.Equal(0, body[3]);
        Assert.Equal(standardIndexes.Count, BinaryPrimitives.ReadInt32LittleEndian(body[4..]));
        Assert.Equal(chunkId, FourCC(body[8..]));
        for (int i = 0; i < standardIndexes.Count; i++)
        {
            var entry = body[(24 + 16 * i)..];
            Assert.Equal(standardIndexes[i].Position, BinaryPrimitives.ReadInt64LittleEndian(entry));
            Assert.Equal(8 + standardIndexes[i].Size, BinaryPrimitives.ReadInt32LittleEndian(entry[8..]));
            Assert.Equal(durations[i], BinaryPrimitives.ReadInt32LittleEndian(entry[12..]));
        }
    }

    // idx1: the first RIFF's chunks in file order, offsets of each chunk's header from the 'movi' tag, AVIIF_KEYFRAME.
    private static void CheckLegacyIndex(byte[] file, RiffChunk first)
    {
        var movi = first.Children.Single(c => c.ListType == "movi");
        var chunks = movi.Children.Where(c => c.Id is "00dc" or "01wb").ToList();
        var idx1 = first.Children.Single(c => c.Id == "idx1");
        Assert.Equal(16 * chunks.Count, idx1.Size);
        var body = idx1.Body(file);
        long moviTag = movi.Position + 8;
        for (int i = 0; i < chunks.Count; i++)
        {
            var entry = body[(16 * i)..];
            Assert.Equal(chunks[i].Id, FourCC(entry));
            Assert.Equal(0x10, BinaryPrimitives.ReadInt32LittleEndian(entry[4..]));
            Assert.Equal(chunks[i].Position, moviTag + BinaryPrimitives.ReadUInt32LittleEndian(entry[8..]));
            Assert.Equal(chunks[i].Size, BinaryPrimitives.ReadInt32LittleEndian(entry[12..]));
        }
    }

    private static string FourCC(ReadOnlySpan<byte> bytes) => Encoding.ASCII.GetString(bytes[..4]);
}
