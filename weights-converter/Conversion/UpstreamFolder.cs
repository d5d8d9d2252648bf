using KDTalker.WeightsConverter.Catalog;

namespace KDTalker.WeightsConverter.Conversion;

/// <summary>
/// Finds the upstream checkpoints in a download folder: the KDTalker repository layout
/// (pretrained_weights/liveportrait/base_models/*.pth, …/retargeting_models/…, ckpts/wav2lip.pth,
/// KDTalker.pth) or all files side by side.
/// </summary>
public static class UpstreamFolder
{
    private static readonly string[] SearchFolders =
    [
        "", "pretrained_weights/liveportrait/base_models", "pretrained_weights/liveportrait/retargeting_models",
        "liveportrait/base_models", "liveportrait/retargeting_models", "base_models", "retargeting_models", "ckpts",
    ];

    /// <summary>Network id → file path, for every upstream file found under <paramref name="folder"/>.</summary>
    public static IReadOnlyDictionary<string, string> Find(string folder)
    {
        if (!Directory.Exists(folder))
            throw new DirectoryNotFoundException($"Weights folder not found: {folder}");
        var found = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var network in ReleaseCatalog.Networks)
            foreach (string sub in SearchFolders)
            {
                string candidate = Path.Combine(folder, sub, network.UpstreamFile);
                if (File.Exists(candidate))
                {
                    found[network.Id] = candidate;
                    break;
                }
            }
        return found;
    }
}
