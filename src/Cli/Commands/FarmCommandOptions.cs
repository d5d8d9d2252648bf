using System.CommandLine;
using KDTalker.Farm.Cluster;
using KDTalker.Farm.Coordinator;

namespace KDTalker.Cli.Commands;

/// <summary>The options of a coordinator (`generate`, `serve`): which farm renders the frames, and in what ranges.</summary>
internal sealed class FarmCommandOptions(string clusterDescription)
{
    public Option<ClusterAddress?> Cluster { get; } = ClusterOption.Create(clusterDescription, withDefault: false);

    public Option<int> RangeFrames { get; } = new Option<int>("--range-frames")
    {
        Description = "with --cluster: frames per range handed to a worker",
        HelpName = "N",
        DefaultValueFactory = _ => 8,
    }.InRange(1);

    public void AddTo(Command command)
    {
        command.Options.Add(Cluster);
        command.Options.Add(RangeFrames);
    }

    /// <summary>The farm to render on; null renders in this process.</summary>
    public FarmOptions? Farm(ParseResult result) =>
        result.GetValue(Cluster) is { } cluster ? new FarmOptions { Cluster = cluster, RangeFrames = result.GetValue(RangeFrames) } : null;
}
