using System.Globalization;
using System.Text.Json;
using KDTalker.Model.Renderer;

namespace KDTalker.Model.Motion;

/// <summary>
/// The statistics KDTalker's diffusion model was trained with (upstream dataset_process/norm.npz, shipped as
/// norm.json): normalised = (raw − mean)/std, raw = normalised·std + mean, element-wise in float32 (§3, §10).
/// </summary>
public sealed class MotionNormalization
{
    private readonly Dictionary<string, (float[] Mean, float[] Std)> _stats;

    private MotionNormalization(Dictionary<string, (float[] Mean, float[] Std)> stats) => _stats = stats;

    /// <summary>The released statistics (embedded norm.json).</summary>
    public static MotionNormalization Release { get; } = LoadRelease();

    /// <summary>Mean and standard deviation of one quantity: yaw, pitch, roll, t, exp, scale or kp.</summary>
    public (float[] Mean, float[] Std) this[string name] =>
        _stats.TryGetValue(name, out var stats) ? stats : throw new KeyNotFoundException($"norm.json has no statistics for '{name}'.");

    /// <summary>Reads a norm.json document ({"arrays": {"yaw_mean": {"float32_hex": [...]}, …}}).</summary>
    public static MotionNormalization FromJson(Stream json)
    {
        using var document = JsonDocument.Parse(json);
        var arrays = document.RootElement.GetProperty("arrays");
        var stats = new Dictionary<string, (float[], float[])>();
        foreach (string name in new[] { "yaw", "pitch", "roll", "t", "exp", "scale", "kp" })
        {
            var mean = Values(arrays, name + "_mean");
            var std = Values(arrays, name + "_std");
            if (mean.Length != std.Length || std.Any(s => !(s > 0)))
                throw new InvalidDataException($"norm.json: '{name}' has {mean.Length} means and {std.Length} deviations, or a deviation ≤ 0.");
            stats[name] = (mean, std);
        }
        return new MotionNormalization(stats);
    }

    /// <summary>
    /// ori_kp: seven zeros then the normalised canonical keypoints (70 values), the identity row of every window.
    /// </summary>
    public float[] IdentityRow(KeypointInfo source)
    {
        var row = new float[MotionLayout.Features];
        Normalize("kp", source.Kp, row.AsSpan(MotionLayout.Expression));
        return row;
    }

    /// <summary>input_x: the source motion normalised, in <see cref="MotionLayout"/> order (70 values).</summary>
    public float[] SourceRow(KeypointInfo source)
    {
        var row = new float[MotionLayout.Features];
        Normalize("scale", [source.Scale], row.AsSpan(MotionLayout.Scale, 1));
        Normalize("yaw", [source.Yaw], row.AsSpan(MotionLayout.Yaw, 1));
        Normalize("pitch", [source.Pitch], row.AsSpan(MotionLayout.Pitch, 1));
        Normalize("roll", [source.Roll], row.AsSpan(MotionLayout.Roll, 1));
        Normalize("t", source.T, row.AsSpan(MotionLayout.Translation, 3));
        Normalize("exp", source.Exp, row.AsSpan(MotionLayout.Expression));
        return row;
    }

    /// <summary>A sampled row (normalised space) back to physical units.</summary>
    public MotionFrame Denormalize(ReadOnlySpan<float> row)
    {
        if (row.Length != MotionLayout.Features)
            throw new ArgumentException($"A motion row has {MotionLayout.Features} values, got {row.Length}.");
        var raw = new float[MotionLayout.Features];
        Denormalize("scale", row.Slice(MotionLayout.Scale, 1), raw.AsSpan(MotionLayout.Scale, 1));
        Denormalize("yaw", row.Slice(MotionLayout.Yaw, 1), raw.AsSpan(MotionLayout.Yaw, 1));
        Denormalize("pitch", row.Slice(MotionLayout.Pitch, 1), raw.AsSpan(MotionLayout.Pitch, 1));
        Denormalize("roll", row.Slice(MotionLayout.Roll, 1), raw.AsSpan(MotionLayout.Roll, 1));
        Denormalize("t", row.Slice(MotionLayout.Translation, 3), raw.AsSpan(MotionLayout.Translation, 3));
        Denormalize("exp", row.Slice(MotionLayout.Expression), raw.AsSpan(MotionLayout.Expression));
        return MotionFrame.FromRow(raw);
    }

    private void Normalize(string name, ReadOnlySpan<float> values, Span<float> target)
    {
        var (mean, std) = Checked(name, values.Length);
        for (int i = 0; i < values.Length; i++)
            target[i] = (values[i] - mean[i]) / std[i];
    }

    private void Denormalize(string name, ReadOnlySpan<float> values, Span<float> target)
    {
        var (mean, std) = Checked(name, values.Length);
        for (int i = 0; i < values.Length; i++)
            target[i] = values[i] * std[i] + mean[i];
    }

    private (float[] Mean, float[] Std) Checked(string name, int length)
    {
        var stats = this[name];
        if (stats.Mean.Length != length)
            throw new ArgumentException($"'{name}' has {length} values; the normalisation statistics have {stats.Mean.Length}.");
        return stats;
    }

    // float32_hex holds the exact IEEE-754 bit patterns.
    private static float[] Values(JsonElement arrays, string name) =>
        arrays.TryGetProperty(name, out var array)
            ? array.GetProperty("float32_hex").EnumerateArray()
                .Select(h => BitConverter.Int32BitsToSingle(int.Parse(h.GetString()!, NumberStyles.HexNumber, CultureInfo.InvariantCulture))).ToArray()
            : throw new InvalidDataException($"norm.json has no array '{name}'.");

    private static MotionNormalization LoadRelease()
    {
        using var stream = typeof(MotionNormalization).Assembly.GetManifestResourceStream("norm.json")
            ?? throw new InvalidOperationException("This build lacks the embedded norm.json.");
        return FromJson(stream);
    }
}
