using System.Text.Json;
using KDTalker.Tensors.SafeTensors;

namespace KDTalker.Model.SelfTest;

/// <summary>
/// One golden case in a fixtures directory: "&lt;name&gt;.config.json" (module, params, weights, notes) and
/// "&lt;name&gt;.safetensors" (inputs and the upstream outputs).
/// </summary>
public sealed class GoldenCase : IDisposable
{
    private GoldenCase(string directory, string name, JsonDocument config, SafeTensorsFile tensors)
    {
        Directory = directory;
        Name = name;
        Config = config;
        Tensors = tensors;
    }

    /// <summary>The fixtures directory.</summary>
    public string Directory { get; }

    /// <summary>The case name, e.g. "c_warping_module".</summary>
    public string Name { get; }

    /// <summary>The parsed config.</summary>
    public JsonDocument Config { get; }

    /// <summary>Inputs and expected outputs.</summary>
    public SafeTensorsFile Tensors { get; }

    /// <summary>The config's "module" string.</summary>
    public string Module => Config.RootElement.TryGetProperty("module", out var module) ? module.GetString() ?? "" : "";

    /// <summary>Every case in a directory (configs with a matching .safetensors), by name.</summary>
    public static IEnumerable<string> Discover(string directory) =>
        System.IO.Directory.GetFiles(directory, "*.config.json")
            .Select(path => Path.GetFileName(path)[..^".config.json".Length])
            .Order(StringComparer.Ordinal);

    /// <summary>Opens a case.</summary>
    public static GoldenCase Open(string directory, string name)
    {
        string configPath = Path.Combine(directory, name + ".config.json");
        string tensorsPath = Path.Combine(directory, name + ".safetensors");
        if (!System.IO.File.Exists(tensorsPath))
            throw new FileNotFoundException($"Golden case {name}: {tensorsPath} is missing.", tensorsPath);
        var config = JsonDocument.Parse(System.IO.File.ReadAllText(configPath));
        try
        {
            return new GoldenCase(directory, name, config, SafeTensorsFile.Open(tensorsPath));
        }
        catch
        {
            config.Dispose();
            throw;
        }
    }

    /// <summary>A path next to the case (weights named by the config).</summary>
    public string File(string name) => Path.Combine(Directory, name);

    /// <summary>The "params" object (or another named object) of the config.</summary>
    public JsonElement Params(string property = "params") => Config.RootElement.GetProperty(property);

    /// <inheritdoc />
    public void Dispose()
    {
        Config.Dispose();
        Tensors.Dispose();
    }
}
