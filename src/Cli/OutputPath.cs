using System.CommandLine;

namespace KDTalker.Cli;

/// <summary>Options naming a file to write: the folder it goes into must exist, checked while parsing, before any work.</summary>
internal static class OutputPath
{
    public static Option<string> InExistingFolder(this Option<string> option)
    {
        option.Validators.Add(result =>
        {
            string? path = result.GetValueOrDefault<string>();
            string? folder = path is null ? null : Path.GetDirectoryName(Path.GetFullPath(path));
            if (path is not null && (folder is null || !Directory.Exists(folder)))
                result.AddError($"{option.Name}: the output folder {folder} does not exist.");
        });
        return option;
    }
}
