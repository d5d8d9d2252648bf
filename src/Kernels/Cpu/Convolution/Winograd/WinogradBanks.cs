namespace KDTalker.Kernels.Cpu.Convolution.Winograd;

/// <summary>
/// The transformed kernels made from one storage, by the weight view's offset and the range of output channels (a
/// storage may hold several weights; a modulating convolution uses its γ and β halves as two banks).
/// </summary>
internal sealed class WinogradBanks
{
    private readonly Dictionary<(int Offset, int First, int Count), WinogradWeights> _banks = [];

    public WinogradWeights For(int offset, int first, int count, Func<WinogradWeights> transform)
    {
        lock (_banks)
        {
            if (!_banks.TryGetValue((offset, first, count), out var bank))
                _banks[(offset, first, count)] = bank = transform();
            return bank;
        }
    }
}
