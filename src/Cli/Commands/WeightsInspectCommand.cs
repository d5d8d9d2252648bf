using KDTalker.WeightsConverter.Inspection;

namespace KDTalker.Cli.Commands;

/// <summary>`kdtalker weights inspect FILE`: the tensors of a weights file, with totals.</summary>
internal sealed class WeightsInspectCommand : ICommand
{
    public string Name => "weights inspect";

    public string Summary => "FILE (.safetensors or .pth): list its tensors (name, dtype, shape, size) and metadata";

    public int Run(Arguments arguments)
    {
        arguments.RejectUnknown();
        if (arguments.Positional.Count != 1)
            throw new UsageException("give exactly one weights file.");
        var inventory = WeightsInventory.FromFile(arguments.Positional[0]);
        foreach (var (key, value) in inventory.Metadata)
            Console.WriteLine($"# {key}: {value}");
        int width = Math.Max(4, inventory.Tensors.Select(t => t.Name.Length).DefaultIfEmpty(0).Max());
        foreach (var tensor in inventory.Tensors)
            Console.WriteLine($"{tensor.Name.PadRight(width)}  {tensor.DType,-4}  ({string.Join(", ", tensor.Shape)})  {tensor.Bytes:N0} B");
        Console.WriteLine($"{inventory.Tensors.Count} tensors, {inventory.TotalElements:N0} elements, {inventory.TotalBytes:N0} bytes");
        return 0;
    }
}
