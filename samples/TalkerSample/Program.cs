// Embedding KDTalker in an app: load the engine once, then turn a photo and a recording into a video.
// usage: dotnet run --project samples/TalkerSample -c Release -- FACE_IMAGE SPEECH OUTPUT.avi [WEIGHTS]
using KDTalker.Kernels;
using KDTalker.Model.Audio;
using KDTalker.Model.Media;
using KDTalker.Model.Pipeline;

if (args.Length < 3)
{
    Console.Error.WriteLine("usage: TalkerSample FACE_IMAGE SPEECH OUTPUT.avi [WEIGHTS (default: the test networks)]");
    return 2;
}
using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancellation.Cancel(); };

using var backend = Backends.Create(ComputeDevice.Auto);                 // the best GPU, else the managed SIMD backend
using var talker = Talker.Load(args.Length > 3 ? args[3] : TalkerModels.TestWeightsName, backend);
var portrait = PortraitPreparation.Prepare(ImageFile.Load(args[0]), null, new PortraitOptions { NoCrop = true }, args[0]); // an image framed on the face
using var speech = new AudioLoader().Open(args[1], cancellation.Token);  // any length: decoded to a temporary file

await using var sink = new AviWriter(args[2]);                           // or FfmpegMp4Writer, PngSequenceSink, your own IFrameSink
var progress = new Progress<GenerationProgress>(p => Console.Write($"\r{p.Stage}: {p.FramesDone}/{p.Frames} frames, {p.Remaining?.TotalSeconds:F0} s left   "));
var result = await talker.GenerateAsync(portrait, speech, sink, new GenerationOptions { Seed = 1 }, progress, cancellation.Token);
Console.WriteLine($"\n{result.Frames} frames ({result.VideoDuration.TotalSeconds:F1} s of video) in {result.Elapsed.TotalSeconds:F0} s");
return 0;
