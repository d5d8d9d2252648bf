using System.Globalization;

namespace KDTalker.WeightsConverter.Catalog;

/// <summary>
/// The released checkpoints' key lists (embedded release-checkpoints.tsv, generated from the manifests
/// of the real upstream modules): what conversion validates against and how a file is recognised.
/// </summary>
public static class ReleaseCatalog
{
    private static readonly Lazy<IReadOnlyList<NetworkSpec>> Parsed = new(Parse);

    /// <summary>Every network, in pipeline order.</summary>
    public static IReadOnlyList<NetworkSpec> Networks => Parsed.Value;

    /// <summary>The spec of a network id, e.g. "warping_module".</summary>
    public static NetworkSpec Get(string id) =>
        Networks.FirstOrDefault(n => n.Id == id) ?? throw new ArgumentException($"Unknown network '{id}'. " +
            $"Known: {string.Join(", ", Networks.Select(n => n.Id))}.");

    /// <summary>The network whose upstream file has this name (case-insensitive), if any.</summary>
    public static NetworkSpec? ForUpstreamFile(string fileName) =>
        Networks.FirstOrDefault(n => string.Equals(n.UpstreamFile, fileName, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// The network whose key patterns best match <paramref name="keys"/> (Jaccard similarity), with the score;
    /// works for shrunken configurations too, since only the numbers in the keys differ.
    /// </summary>
    public static (NetworkSpec Network, double Score) Identify(IEnumerable<string> keys)
    {
        var patterns = keys.Select(NetworkSpec.KeyPattern).ToHashSet(StringComparer.Ordinal);
        return Networks
            .Select(n => (Network: n, Score: patterns.Count == 0 ? 0 : (double)n.KeyPatterns.Count(patterns.Contains) / n.KeyPatterns.Union(patterns).Count()))
            .MaxBy(x => x.Score);
    }

    private static IReadOnlyList<NetworkSpec> Parse()
    {
        using var stream = typeof(ReleaseCatalog).Assembly.GetManifestResourceStream("release-checkpoints.tsv")
            ?? throw new InvalidOperationException("The release-checkpoints.tsv resource is missing from the build.");
        using var reader = new StreamReader(stream);
        var networks = new List<NetworkSpec>();
        string? id = null, file = null;
        var tensors = new List<ExpectedTensor>();
        for (string? line = reader.ReadLine(); line is not null; line = reader.ReadLine())
        {
            if (line.StartsWith("## ", StringComparison.Ordinal))
            {
                if (id is not null)
                    networks.Add(new NetworkSpec(id, file!, tensors));
                var header = line[3..].Split('\t');
                (id, file, tensors) = (header[0], header[1], []);
            }
            else if (line.Length > 0 && line[0] != '#')
            {
                var columns = line.Split('\t');
                var shape = columns[1].Length == 0 ? [] : columns[1].Split('x').Select(d => long.Parse(d, CultureInfo.InvariantCulture)).ToArray();
                tensors.Add(new ExpectedTensor(columns[0], shape, columns[2]));
            }
        }
        if (id is not null)
            networks.Add(new NetworkSpec(id, file!, tensors));
        return networks;
    }
}
