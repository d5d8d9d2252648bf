using KDTalker.Model.Pipeline;
using KDTalker.WeightsConverter.Pytorch;

namespace KDTalker.Tests.Farm;

/// <summary>
/// A copy of the kdtalker application whose test networks differ from this build's by one bit of one weight: it
/// loads and runs as before, but its weights' SHA-256 is not the coordinator's. The folder links to this build's files
/// and holds its own kdtalker.dll (the application's folder is the one its entry assembly lies in) and test-weights.
/// </summary>
internal sealed class OtherWeightsApplication : IDisposable
{
    public OtherWeightsApplication()
    {
        Folder = Directory.CreateTempSubdirectory("kdtalker-other-weights-").FullName;
        string build = AppContext.BaseDirectory, weights = Path.GetFileName(TalkerModels.TestWeightsDirectory);
        foreach (string entry in Directory.EnumerateFileSystemEntries(build))
        {
            string name = Path.GetFileName(entry), copy = Path.Combine(Folder, name);
            if (name == "kdtalker.dll")
                File.Copy(entry, copy);
            else if (name != weights)
                File.CreateSymbolicLink(copy, entry);
        }
        string ownWeights = Path.Combine(Folder, weights);
        Directory.CreateDirectory(ownWeights);
        foreach (string file in Directory.EnumerateFiles(TalkerModels.TestWeightsDirectory))
            File.Copy(file, Path.Combine(ownWeights, Path.GetFileName(file)));
        FlipLowestBitOfFirstWeight(Path.Combine(ownWeights, "a_appearance_feature_extractor.pth"));
    }

    /// <summary>The folder to run kdtalker.dll from.</summary>
    public string Folder { get; }

    // The first tensor storage of a torch checkpoint (stored, uncompressed): its first byte is the least significant
    // byte of a little-endian float, so the weight changes by one unit in its last place.
    private static void FlipLowestBitOfFirstWeight(string checkpoint)
    {
        using var stream = new FileStream(checkpoint, FileMode.Open, FileAccess.ReadWrite);
        var storage = StoredZipArchive.ReadDirectory(stream, checkpoint).First(r => r.Name.Contains("/data/", StringComparison.Ordinal) && r.Length >= 4);
        stream.Position = storage.DataOffset;
        int lowest = stream.ReadByte();
        stream.Position = storage.DataOffset;
        stream.WriteByte((byte)(lowest ^ 1));
    }

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}
