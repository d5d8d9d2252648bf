using System.CommandLine;
using KDTalker.Farm.Cluster;

namespace KDTalker.Cli.Commands;

/// <summary>`--cluster ADDRESS`: the render farm's membership store, parsed while the command line is (a bad address stops before any work).</summary>
internal static class ClusterOption
{
    public static Option<ClusterAddress?> Create(string description, bool withDefault) => new("--cluster")
    {
        Description = description,
        HelpName = "redis://HOST[:PORT][/ID]|localhost",
        DefaultValueFactory = withDefault ? _ => ClusterAddress.Localhost : null,
        CustomParser = result =>
        {
            try
            {
                return ClusterAddress.Parse(result.Tokens[0].Value);
            }
            catch (FormatException error)
            {
                result.AddError(error.Message);
                return null;
            }
        },
    };
}
