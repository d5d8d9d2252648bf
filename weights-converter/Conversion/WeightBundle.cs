using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using KDTalker.Tensors.SafeTensors;
using KDTalker.WeightsConverter.Catalog;

namespace KDTalker.WeightsConverter.Conversion;

/// <summary>Progress of a bundle write: tensors written so far out of the total.</summary>
public readonly record struct BundleProgress(int TensorsWritten, int TensorCount, string Network);

/// <summary>
/// Our weight bundle: one safetensors file holding every converted network, tensor names
/// "&lt;network&gt;.&lt;upstream key&gt;" (spectral norms resolved, num_batches_tracked dropped), and metadata
/// naming the format version and, per network, its source file, that file's SHA-256, whether its
/// shapes were checked against the released checkpoint and, when they were, the released configuration.
/// </summary>
public static class WeightBundle
{
    /// <summary>Value of the "format" metadata entry.</summary>
    public const string FormatName = "kdtalker-weights";

    /// <summary>Value of the "format_version" metadata entry.</summary>
    public const int FormatVersion = 1;

    /// <summary>Writes the bundle atomically (temporary file, then rename).</summary>
    public static void Write(string path, IReadOnlyList<ConvertedNetwork> networks, bool float16,
        IProgress<BundleProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var writer = new SafeTensorsWriter();
        writer.SetMetadata("format", FormatName);
        writer.SetMetadata("format_version", FormatVersion.ToString(CultureInfo.InvariantCulture));
        writer.SetMetadata("dtype", float16 ? "F16" : "F32");
        writer.SetMetadata("networks", string.Join(",", networks.Select(n => n.Spec.Id)));
        var owners = new List<string>();
        foreach (var network in networks)
        {
            cancellationToken.ThrowIfCancellationRequested();
            string id = network.Spec.Id;
            writer.SetMetadata($"{id}.source", Path.GetFileName(network.Source));
            writer.SetMetadata($"{id}.sha256", File.Exists(network.Source) ? Sha256(network.Source) : "unknown");
            writer.SetMetadata($"{id}.upstream_file", network.Spec.UpstreamFile);
            writer.SetMetadata($"{id}.release_shapes", network.ReleaseShapesChecked ? "checked" : "not checked");
            if (network.ReleaseShapesChecked)
                writer.SetMetadata($"{id}.config", ReleaseConfigs.For(id));
            foreach (var tensor in network.Tensors)
            {
                writer.Add($"{id}.{tensor.Name}", float16 ? SafeTensorsDType.F16 : SafeTensorsDType.F32, tensor.Shape, () => Encode(tensor.Values(), float16));
                owners.Add(id);
            }
        }
        var written = progress is null ? null : new SynchronousProgress<int>(count =>
            progress.Report(new BundleProgress(count, owners.Count, owners[count - 1])));
        writer.Save(path, written, cancellationToken);
    }

    private static byte[] Encode(float[] values, bool float16)
    {
        int size = float16 ? 2 : 4;
        var bytes = new byte[values.Length * size];
        for (int i = 0; i < values.Length; i++)
        {
            if (float16)
                BinaryPrimitives.WriteHalfLittleEndian(bytes.AsSpan(i * 2), (Half)values[i]);
            else
                BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * 4), values[i]);
        }
        return bytes;
    }

    private static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}

/// <summary>An IProgress that reports on the calling thread (Progress&lt;T&gt; posts to the thread pool).</summary>
public sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
{
    /// <inheritdoc />
    public void Report(T value) => report(value);
}
