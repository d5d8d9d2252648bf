using System.CommandLine;
using KDTalker.WeightsConverter.Inspection;

namespace KDTalker.Cli.Commands;

/// <summary>`kdtalker weights inspect FILE`: the tensors of a weights file, with totals.</summary>
internal static class WeightsCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("FILE") { Description = "a .safetensors bundle or a .pth checkpoint" };
        var inspect = new Command("inspect", "list its tensors (name, dtype, shape, size) and metadata") { file };
        inspect.SetAction(result => Inspect(result.GetValue(file)!));
        return new Command("weights", "weights files") { inspect };
    }

    private static int Inspect(string path)
    {
        var inventory = WeightsInventory.FromFile(path);
        foreach (var (key, value) in inventory.Metadata)
            Console.WriteLine($"# {key}: {value}");
        int width = Math.Max(4, inventory.Tensors.Select(t => t.Name.Length).DefaultIfEmpty(0).Max());
        foreach (var tensor in inventory.Tensors)
            Console.WriteLine($"{tensor.Name.PadRight(width)}  {tensor.DType,-4}  ({string.Join(", ", tensor.Shape)})  {tensor.Bytes:N0} B");
        Console.WriteLine($"{inventory.Tensors.Count} tensors, {inventory.TotalElements:N0} elements, {inventory.TotalBytes:N0} bytes");
        return 0;
    }
}
