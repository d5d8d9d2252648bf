using KDTalker.WeightsConverter.Pickle;

namespace KDTalker.WeightsConverter.Pytorch;

/// <summary>
/// Unwraps the layouts the released files use into one state_dict (key → tensor, in file order):
/// a bare state_dict (LivePortrait); <c>{'model': sd, ...}</c> (KDTalker.pth, other entries ignored);
/// <c>{'state_dict': {'module.audio_encoder.N...'}}</c> (wav2lip.pth: audio keys only, prefix stripped);
/// <c>{'retarget_x': sd, ...}</c> (stitching: "retarget_x." + key without "module.").
/// </summary>
public static class CheckpointLayout
{
    private const string AudioPrefix = "module.audio_encoder.";

    /// <summary>The state_dict of a checkpoint.</summary>
    public static IReadOnlyList<(string Key, TorchTensor Tensor)> StateDict(TorchCheckpoint checkpoint)
    {
        if (checkpoint.Root is not PickleDict root)
            throw new CheckpointFormatException($"{checkpoint.Source}: the checkpoint holds a {PickleException.Describe(checkpoint.Root)}, not a dict " +
                "of tensors.");
        if (root.TryGet("model", out var model))
            return Tensors(checkpoint.Source, Dict(checkpoint.Source, model, "model"), "model");
        if (root.TryGet("state_dict", out var stateDict))
            return Tensors(checkpoint.Source, Dict(checkpoint.Source, stateDict, "state_dict"), "state_dict")
                .Where(t => t.Key.StartsWith(AudioPrefix, StringComparison.Ordinal))
                .Select(t => (t.Key[AudioPrefix.Length..], t.Tensor))
                .ToList();
        if (root.Count > 0 && root.Items.All(i => i.Key is string key && key.StartsWith("retarget_", StringComparison.Ordinal)))
            return root.Items
                .SelectMany(i => Tensors(checkpoint.Source, Dict(checkpoint.Source, i.Value, (string)i.Key), (string)i.Key)
                    .Select(t => ($"{i.Key}.{t.Key.Replace("module.", "", StringComparison.Ordinal)}", t.Tensor)))
                .ToList();
        return Tensors(checkpoint.Source, root, null);
    }

    private static PickleDict Dict(string source, object? value, string entry) =>
        value as PickleDict ?? throw new CheckpointFormatException($"{source}: entry '{entry}' is a {PickleException.Describe(value)}, not a state_dict.");

    private static List<(string Key, TorchTensor Tensor)> Tensors(string source, PickleDict dict, string? entry)
    {
        var result = new List<(string, TorchTensor)>(dict.Count);
        foreach (var (key, value) in dict.Items)
        {
            string where = entry is null ? $"'{key}'" : $"'{entry}/{key}'";
            if (key is not string name)
                throw new CheckpointFormatException($"{source}: state_dict key {where} is not a string.");
            if (value is not TorchTensor tensor)
                throw new CheckpointFormatException($"{source}: state_dict entry {where} is a {PickleException.Describe(value)}, not a tensor.");
            result.Add((name, tensor));
        }
        return result;
    }
}
