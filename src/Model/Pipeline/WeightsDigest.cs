using System.Reflection;
using System.Security.Cryptography;
using System.Text;

namespace KDTalker.Model.Pipeline;

/// <summary>
/// What decides a render's pixels besides its inputs: this engine build and the exact bytes of its weights. Render
/// farms compare it before they accept a worker; resumable jobs before they reuse frames rendered earlier.
/// </summary>
public static class WeightsDigest
{
    /// <summary>The engine build: KDTalker.Model's informational version (version + source commit).</summary>
    public static string EngineVersion =>
        typeof(Talker).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    /// <summary>
    /// SHA-256 (lowercase hex) over every weight file of <paramref name="weights"/> (a bundle file, a folder, or
    /// <see cref="TalkerModels.TestWeightsName"/>): each file's path (relative to the folder; a bundle's file name) and bytes, in path order.
    /// </summary>
    public static string Compute(string weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        string root = weights == TalkerModels.TestWeightsName ? TalkerModels.TestWeightsDirectory : Path.GetFullPath(weights);
        bool single = File.Exists(root);
        var files = single ? [root] : Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 20];
        foreach (string file in files)
        {
            hash.AppendData(Encoding.UTF8.GetBytes((single ? Path.GetFileName(file) : Path.GetRelativePath(root, file)).Replace('\\', '/') + "\n"));
            using var stream = File.OpenRead(file);
            for (int read; (read = stream.Read(buffer)) > 0;)
                hash.AppendData(buffer, 0, read);
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
