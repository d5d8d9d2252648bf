using KDTalker.Tensors;
using KDTalker.Tensors.SafeTensors;
using KDTalker.WeightsConverter.Catalog;
using KDTalker.WeightsConverter.Conversion;
using KDTalker.WeightsConverter.Pytorch;

namespace KDTalker.Model.Layers;

/// <summary>
/// The weights of every network, from whatever the user points at: our bundle (a .safetensors file,
/// or a folder holding one), the upstream download folder, or a single upstream .pth file (converted
/// in memory, exactly as `kdtalker convert` would).
/// </summary>
public sealed class WeightSet : IDisposable
{
    private readonly Dictionary<string, IWeightSource> _networks;
    private readonly List<IDisposable> _owned;

    private WeightSet(Dictionary<string, IWeightSource> networks, List<IDisposable> owned, string description)
    {
        _networks = networks;
        _owned = owned;
        Description = description;
    }

    /// <summary>What was opened, for messages.</summary>
    public string Description { get; }

    /// <summary>Catalog ids of the networks available.</summary>
    public IEnumerable<string> Networks => _networks.Keys;

    /// <summary>
    /// Opens <paramref name="path"/>. With <paramref name="checkReleaseShapes"/> upstream files must have the
    /// released keys and shapes; without, only their structure (for small test configurations).
    /// </summary>
    public static WeightSet Open(string path, bool checkReleaseShapes = true)
    {
        if (File.Exists(path))
            return path.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase) ? OpenBundle(path)
                : OpenCheckpoints([(null, path)], path, checkReleaseShapes);
        if (!Directory.Exists(path))
            throw new FileNotFoundException($"Weights not found: {path} is neither a file nor a folder.", path);
        var bundles = Directory.GetFiles(path, "*.safetensors").Where(IsBundle).ToList();
        if (bundles.Count == 1)
            return OpenBundle(bundles[0]);
        if (bundles.Count > 1)
            throw new InvalidDataException($"{path} holds several weight bundles ({string.Join(", ", bundles.Select(Path.GetFileName))}); name the one " +
                "to use.");
        var upstream = UpstreamFolder.Find(path);
        if (upstream.Count == 0)
            throw new InvalidDataException(
                $"{path} holds neither a KDTalker weight bundle nor the upstream checkpoints " +
                $"({string.Join(", ", ReleaseCatalog.Networks.Select(n => n.UpstreamFile))}).");
        return OpenCheckpoints(upstream.Select(u => ((string?)u.Key, u.Value)), path, checkReleaseShapes);
    }

    /// <summary>The weights of one network, e.g. "warping_module".</summary>
    public IWeightSource Network(string id) =>
        _networks.TryGetValue(id, out var source)
            ? source
            : throw new InvalidDataException($"{Description} has no weights for {id} ({ReleaseCatalog.Get(id).UpstreamFile}).");

    /// <summary>A weight scope for one network on a backend.</summary>
    public WeightScope Scope(string id, IBackend backend) => new(Network(id), backend);

    /// <summary>Closes the files.</summary>
    public void Dispose()
    {
        foreach (var owned in _owned)
            owned.Dispose();
    }

    private static bool IsBundle(string path)
    {
        try
        {
            using var file = SafeTensorsFile.Open(path);
            return file.Metadata.TryGetValue("format", out var format) && format == WeightBundle.FormatName;
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static WeightSet OpenBundle(string path)
    {
        var file = SafeTensorsFile.Open(path);
        if (!file.Metadata.TryGetValue("format", out var format) || format != WeightBundle.FormatName || !file.Metadata.TryGetValue("networks", out var ids))
        {
            file.Dispose();
            throw new InvalidDataException($"{path} is a safetensors file but not a KDTalker weight bundle; create one with `kdtalker convert`.");
        }
        if (file.Metadata.GetValueOrDefault("format_version") != WeightBundle.FormatVersion.ToString(System.Globalization.CultureInfo.InvariantCulture))
        {
            file.Dispose();
            throw new InvalidDataException($"{path} is a version {file.Metadata.GetValueOrDefault("format_version")} bundle; this build reads " +
                $"version {WeightBundle.FormatVersion}. Convert the upstream files again.");
        }
        var all = new SafeTensorsWeightSource(file);
        var networks = ids.Split(',', StringSplitOptions.RemoveEmptyEntries).ToDictionary(id => id, id =>
            (IWeightSource)new PrefixedWeightSource(all, id + "."));
        return new WeightSet(networks, [file], path);
    }

    private static WeightSet OpenCheckpoints(IEnumerable<(string? Expected, string Path)> files, string description, bool checkReleaseShapes)
    {
        var owned = new List<IDisposable>();
        var networks = new Dictionary<string, IWeightSource>();
        try
        {
            foreach (var (expected, path) in files)
            {
                var checkpoint = TorchCheckpoint.Open(path);
                owned.Add(checkpoint);
                var network = NetworkConverter.Convert(checkpoint, expected ?? ReleaseCatalog.ForUpstreamFile(Path.GetFileName(path))?.Id, checkReleaseShapes);
                networks[network.Spec.Id] = new ConvertedWeightSource(network);
            }
            return new WeightSet(networks, owned, description);
        }
        catch
        {
            foreach (var item in owned)
                item.Dispose();
            throw;
        }
    }
}
