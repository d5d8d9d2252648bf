using System.Text;
using KDTalker.WeightsConverter.Catalog;
using KDTalker.WeightsConverter.Pytorch;

namespace KDTalker.WeightsConverter.Conversion;

/// <summary>
/// Turns one upstream checkpoint into the tensors the engine loads: recognises which network it is
/// (and reports a file passed for the wrong network), validates keys and shapes against the released
/// checkpoint, drops BatchNorm's num_batches_tracked, and resolves spectral-norm weights.
/// </summary>
public static class NetworkConverter
{
    private const int ListedProblems = 12;

    /// <summary>
    /// Converts <paramref name="checkpoint"/>. <paramref name="expectedNetwork"/> (a catalog id) is what the
    /// caller believes it is; null to recognise it. With <paramref name="checkReleaseShapes"/> the keys and
    /// shapes must be exactly the released ones; without, only the network's key structure must match
    /// (smaller test configurations), and the network checks shapes against its config when it loads.
    /// </summary>
    public static ConvertedNetwork Convert(TorchCheckpoint checkpoint, string? expectedNetwork, bool checkReleaseShapes)
    {
        var stateDict = CheckpointLayout.StateDict(checkpoint);
        var (identified, score) = ReleaseCatalog.Identify(stateDict.Select(t => t.Key));
        var spec = expectedNetwork is null ? identified : ReleaseCatalog.Get(expectedNetwork);
        if (identified.Id != spec.Id && score > 0.5)
            throw new CheckpointFormatException(
                $"{checkpoint.Source} looks like {identified.UpstreamFile} ({identified.Id}), not {spec.UpstreamFile} ({spec.Id}). Were the files swapped?");
        if (score <= 0.5 && (expectedNetwork is null || !checkReleaseShapes))
            throw new CheckpointFormatException(
                $"{checkpoint.Source} does not look like any KDTalker or LivePortrait checkpoint (its keys match {identified.UpstreamFile} only {score:P0}).");
        if (checkReleaseShapes)
            Validate(checkpoint.Source, spec, stateDict);

        var byName = stateDict.ToDictionary(t => t.Key, t => t.Tensor, StringComparer.Ordinal);
        var tensors = new List<ConvertedTensor>();
        foreach (var (key, tensor) in stateDict)
        {
            if (key.EndsWith(".num_batches_tracked", StringComparison.Ordinal) || key.EndsWith(".weight_u", StringComparison.Ordinal)
                || key.EndsWith(".weight_v", StringComparison.Ordinal))
                continue;
            if (key.EndsWith(".weight_orig", StringComparison.Ordinal))
            {
                string module = key[..^".weight_orig".Length];
                var u = Require(checkpoint.Source, byName, module + ".weight_u");
                var v = Require(checkpoint.Source, byName, module + ".weight_v");
                tensors.Add(new ConvertedTensor(module + ".weight", tensor.Shape, () =>
                    SpectralNorm.Resolve(tensor.ReadFloat32(), u.ReadFloat32(), v.ReadFloat32())));
            }
            else
            {
                tensors.Add(new ConvertedTensor(key, tensor.Shape, tensor.ReadFloat32));
            }
        }
        return new ConvertedNetwork(spec, checkpoint.Source, checkReleaseShapes, tensors);
    }

    private static TorchTensor Require(string source, Dictionary<string, TorchTensor> byName, string key) =>
        byName.TryGetValue(key, out var tensor) ? tensor : throw new CheckpointFormatException($"{source}: spectral-norm weight needs '{key}', which " +
            "is missing.");

    private static void Validate(string source, NetworkSpec spec, IReadOnlyList<(string Key, TorchTensor Tensor)> stateDict)
    {
        var actual = stateDict.ToDictionary(t => t.Key, t => t.Tensor.Shape, StringComparer.Ordinal);
        var expected = spec.Tensors.ToDictionary(t => t.Name, t => t.Shape, StringComparer.Ordinal);
        var missing = spec.Tensors.Where(t => !actual.ContainsKey(t.Name)).Select(t => $"{t.Name} {Format(t.Shape)}").ToList();
        var unexpected = stateDict.Where(t => !expected.ContainsKey(t.Key)).Select(t => $"{t.Key} {Format(t.Tensor.Shape)}").ToList();
        var mismatched = stateDict.Where(t => expected.TryGetValue(t.Key, out var shape) && !shape.SequenceEqual(t.Tensor.Shape))
            .Select(t => $"{t.Key}: file {Format(t.Tensor.Shape)}, expected {Format(expected[t.Key])}").ToList();
        if (missing.Count + unexpected.Count + mismatched.Count == 0)
            return;
        var message = new StringBuilder($"{source} does not match the released {spec.UpstreamFile} ({spec.Id}):");
        Append(message, "missing", missing);
        Append(message, "unexpected", unexpected);
        Append(message, "shape mismatch", mismatched);
        throw new CheckpointFormatException(message.ToString());
    }

    private static void Append(StringBuilder message, string title, List<string> items)
    {
        if (items.Count == 0)
            return;
        message.Append($"\n  {items.Count} {title}:");
        foreach (var item in items.Take(ListedProblems))
            message.Append($"\n    {item}");
        if (items.Count > ListedProblems)
            message.Append($"\n    ... and {items.Count - ListedProblems} more");
    }

    private static string Format(long[] shape) => "(" + string.Join(", ", shape) + ")";
}
