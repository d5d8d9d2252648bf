using KDTalker.Model.Pipeline;
using Xunit;

namespace KDTalker.Tests.Pipeline;

public sealed class OutputPathsTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("kdtalker-outputs-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string In(string name) => Path.Combine(_directory, name);

    private static void Refused(Action check, string message) =>
        Assert.Contains(message, Assert.Throws<ArgumentException>(check).Message);

    [Fact]
    public void A_new_file_in_an_existing_folder_is_accepted_and_nothing_is_left_there()
    {
        OutputPaths.CheckFile(In("talk.avi"), "the video", []);
        OutputPaths.CheckFolder(In("frames"), "the frames", []);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_directory));
    }

    [Fact]
    public void An_existing_folder_is_not_a_file_output() =>
        Refused(() => OutputPaths.CheckFile(_directory, "--keypoints", []), "is an existing folder");

    [Fact]
    public void A_missing_folder_is_named() =>
        Refused(() => OutputPaths.CheckFile(In("missing/talk.avi"), "the video", []), $"the output folder {In("missing")} (for the video) does not exist");

    [Fact]
    public void A_file_where_the_folder_should_be_is_named()
    {
        File.WriteAllText(In("plain"), "x");
        Refused(() => OutputPaths.CheckFile(In("plain/talk.avi"), "the video", []), "is a file, not a folder");
    }

    [Fact]
    public void An_output_that_is_an_input_is_refused()
    {
        File.WriteAllText(In("speech.wav"), "x");
        Refused(() => OutputPaths.CheckFile(In("speech.wav"), "--pose-plot", [In("face.png"), In("./speech.wav")]), "is also an input");
    }

    [Fact]
    public void Png_frames_need_a_new_or_empty_folder()
    {
        File.WriteAllText(In("frames.txt"), "x");
        Refused(() => OutputPaths.CheckFolder(In("frames.txt"), "the frames", []), "is an existing file");
        Directory.CreateDirectory(In("full"));
        File.WriteAllText(In("full/a.png"), "x");
        Refused(() => OutputPaths.CheckFolder(In("full"), "the frames", []), "not empty");
        Directory.CreateDirectory(In("empty"));
        OutputPaths.CheckFolder(In("empty"), "the frames", []);
    }

    [Fact]
    public void Two_outputs_on_one_path_are_refused()
    {
        OutputPaths.CheckDistinct(In("talk.avi"), null, In("pose.png"));
        Refused(() => OutputPaths.CheckDistinct(In("talk.avi"), In("./talk.avi")), "given for two outputs");
    }
}
