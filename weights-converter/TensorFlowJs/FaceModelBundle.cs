using System.Security.Cryptography;
using KDTalker.Tensors.SafeTensors;

namespace KDTalker.WeightsConverter.TensorFlowJs;

/// <summary>
/// face-api's two networks (TensorFlow.js manifests + shards) converted into one safetensors bundle, like the other
/// networks' weights: tensors named <c>tiny_face_detector.&lt;tfjs name&gt;</c> and <c>face_landmark_68.&lt;tfjs name&gt;</c>,
/// dequantised to float32 in TF's layouts, with the source files' SHA-256 in the metadata.
/// </summary>
public static class FaceModelBundle
{
    /// <summary>The bundle's format tag.</summary>
    public const string FormatName = "kdtalker-face-models";

    /// <summary>The bundle's usual file name inside a face-model folder.</summary>
    public const string FileName = "face-models.safetensors";

    /// <summary>The two networks and their manifest files.</summary>
    public static readonly (string Network, string Manifest)[] Networks =
        [("tiny_face_detector", "tiny_face_detector_model-weights_manifest.json"), ("face_landmark_68", "face_landmark_68_model-weights_manifest.json")];

    /// <summary>True when <paramref name="folder"/> holds face-api's two manifests.</summary>
    public static bool IsModelFolder(string folder) => Networks.All(n => File.Exists(Path.Combine(folder, n.Manifest)));

    /// <summary>Converts the models in <paramref name="folder"/> into <paramref name="output"/> (written atomically).</summary>
    public static void Write(string folder, string output, CancellationToken cancellationToken = default)
    {
        var writer = new SafeTensorsWriter();
        writer.SetMetadata("format", FormatName);
        writer.SetMetadata("source", "@vladmandic/face-api 1.7.15 (TensorFlow.js)");
        foreach (var (network, manifest) in Networks)
        {
            string manifestPath = Path.Combine(folder, manifest);
            foreach (var tensor in TfjsWeights.Load(manifestPath).Values)
                writer.Add($"{network}.{tensor.Name}", tensor.Values, tensor.Shape);
            var sources = Directory.GetFiles(folder, manifest.Replace("-weights_manifest.json", "*.bin")).Append(manifestPath);
            foreach (string file in sources)
                writer.SetMetadata($"{network}.{Path.GetFileName(file)}.sha256", Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(file))));
        }
        writer.Save(output, cancellationToken: cancellationToken);
    }

    /// <summary>The tensors of one network from a bundle, by their TensorFlow.js names.</summary>
    /// <exception cref="InvalidDataException">The file is not a face-model bundle.</exception>
    public static IReadOnlyDictionary<string, TfjsTensor> Read(string bundle, string network)
    {
        using var file = SafeTensorsFile.Open(bundle);
        if (file.Metadata.GetValueOrDefault("format") != FormatName)
            throw new InvalidDataException($"{bundle} is not a face-model bundle (create it with `kdtalker convert FACE_MODEL_FOLDER --out {FileName}`).");
        string prefix = network + ".";
        return file.Names.Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).ToDictionary(
            n => n[prefix.Length..],
            n => new TfjsTensor(n[prefix.Length..], file.Entry(n).Shape.Select(d => checked((int)d)).ToArray(), file.ReadFloat32(n)));
    }
}
