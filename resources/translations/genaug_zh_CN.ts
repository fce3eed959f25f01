<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AccuracyChart</name>
    <message>
        <source>accuracy on held-out real images (%)</source>
        <translation>留出真实图像上的准确率 (%)</translation>
    </message>
</context>
<context>
    <name>ClassBar</name>
    <message>
        <source>images</source>
        <translation>图像数</translation>
    </message>
    <message>
        <source>training</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>held out</source>
        <translation>留出</translation>
    </message>
</context>
<context>
    <name>ClassCounts</name>
    <message>
        <source>Classes</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>图像</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>Held out</source>
        <translation>留出</translation>
    </message>
    <message>
        <source>Images per class, and how many of them are held out for Evaluate</source>
        <translation>每个类别的图像数，以及其中留给“评估”的数量</translation>
    </message>
    <message>
        <source>Images per class: training part and held-out part</source>
        <translation>每个类别的图像数：训练部分与留出部分</translation>
    </message>
</context>
<context>
    <name>ClassThumbnails</name>
    <message>
        <source>{name}
{count} images</source>
        <translation>{name}
{count} 张图像</translation>
    </message>
    <message>
        <source>… and {count} more classes</source>
        <translation>…… 另有 {count} 个类别</translation>
    </message>
</context>
<context>
    <name>ClusterDialog</name>
    <message>
        <source>GPUs when the machines have them (NCCL), else CPUs (Gloo)</source>
        <translation>机器上有 GPU 时用 GPU（NCCL），否则用 CPU（Gloo）</translation>
    </message>
    <message>
        <source>CPUs only (Gloo)</source>
        <translation>仅用 CPU（Gloo）</translation>
    </message>
    <message>
        <source>Run on a cluster</source>
        <translation>在集群上运行</translation>
    </message>
    <message>
        <source>A new folder in the workspace {folder}</source>
        <translation>工作区 {folder} 中的一个新文件夹</translation>
    </message>
    <message>
        <source>Where the run folder will be on the machines that train it (copy it there, or use a shared disk)</source>
        <translation>运行文件夹在负责训练的机器上的位置（把它复制过去，或使用共享磁盘）</translation>
    </message>
    <message>
        <source>The dataset folder as the machines that train see it</source>
        <translation>负责训练的机器上看到的数据集文件夹路径</translation>
    </message>
    <message>
        <source>One process per GPU; on CPUs, a few per machine</source>
        <translation>每个 GPU 一个进程；用 CPU 时，每台机器几个进程</translation>
    </message>
    <message>
        <source>How many machines train together (one torchrun on each)</source>
        <translation>一起训练的机器台数（每台机器上启动一个 torchrun）</translation>
    </message>
    <message>
        <source>HOST:PORT of one of the machines that all of them can reach</source>
        <translation>其中一台所有机器都能访问到的机器的 HOST:PORT</translation>
    </message>
    <message>
        <source>What the processes train on</source>
        <translation>各进程用什么设备训练</translation>
    </message>
    <message>
        <source>Run &amp;name:</source>
        <translation>运行名称(&amp;N)：</translation>
    </message>
    <message>
        <source>Run &amp;folder on the cluster:</source>
        <translation>集群上的运行文件夹(&amp;F)：</translation>
    </message>
    <message>
        <source>&amp;Dataset on the cluster:</source>
        <translation>集群上的数据集(&amp;D)：</translation>
    </message>
    <message>
        <source>&amp;Processes per machine:</source>
        <translation>每台机器的进程数(&amp;P)：</translation>
    </message>
    <message>
        <source>&amp;Machines:</source>
        <translation>机器台数(&amp;M)：</translation>
    </message>
    <message>
        <source>&amp;Rendezvous endpoint:</source>
        <translation>汇合端点(&amp;R)：</translation>
    </message>
    <message>
        <source>&amp;Train on:</source>
        <translation>训练设备(&amp;T)：</translation>
    </message>
    <message>
        <source>Batch:</source>
        <translation>批大小：</translation>
    </message>
    <message>
        <source>Start this in GenAug Studio&apos;s folder on the cluster (on every machine when there are several):</source>
        <translation>在集群上 GenAug Studio 的文件夹中运行以下命令（有多台机器时，每台都要运行）：</translation>
    </message>
    <message>
        <source>Write run folder</source>
        <translation>写出运行文件夹</translation>
    </message>
    <message>
        <source>Create the run folder in the workspace with the settings, the dataset description and the held-out split</source>
        <translation>在工作区中创建运行文件夹，其中包含设置、数据集描述和留出集</translation>
    </message>
    <message>
        <source>Copy command</source>
        <translation>复制命令</translation>
    </message>
    <message>
        <source>Put the command on the clipboard</source>
        <translation>把命令复制到剪贴板</translation>
    </message>
    <message>
        <source>Load a dataset first (step 1, Data): the run folder describes it.</source>
        <translation>请先加载数据集（第 1 步“数据”）：运行文件夹要描述它。</translation>
    </message>
    <message>
        <source>Not a valid run name: {name} (a plain folder name)</source>
        <translation>不是有效的运行名称：{name}（应为普通的文件夹名）</translation>
    </message>
    <message>
        <source>{folder} exists already: choose another name</source>
        <translation>{folder} 已存在：请换一个名称</translation>
    </message>
    <message>
        <source>Written: {folder}. Copy it to the run folder on the cluster, start the command, and copy the folder back into the workspace when it is done: Runs opens it, and Continue trains it on here.</source>
        <translation>已写出：{folder}。把它复制到集群上的运行文件夹，启动命令，完成后再把文件夹复制回工作区：“运行记录”可以打开它，“继续训练”可在本机接着训练。</translation>
    </message>
    <message>
        <source>Command copied to the clipboard.</source>
        <translation>命令已复制到剪贴板。</translation>
    </message>
    <message>
        <source>{batch} per process × {procs} process(es) = global batch {total} per step</source>
        <translation>每个进程 {batch} × {procs} 个进程 = 每步全局批大小 {total}</translation>
    </message>
</context>
<context>
    <name>DataPanel</name>
    <message>
        <source>Resize + centre crop</source>
        <translation>缩放 + 中心裁剪</translation>
    </message>
    <message>
        <source>Resize + pad (nothing cut)</source>
        <translation>缩放 + 填充（不裁掉任何部分）</translation>
    </message>
    <message>
        <source>The sample is a small-data case, like your own data: 20 digits per class to train on and 200 per class held out for testing (a fixed split that ships with the sample, so the held-out share does not apply). With so few real images a classifier has room to improve, and Evaluate measures whether the synthetic images help.</source>
        <translation>示例数据和你自己的数据一样属于小数据场景：每个类别 20 张用于训练，200 张留作测试（划分随示例固定提供，因此“留出比例”不适用）。真实图像这么少，分类器还有提升空间，“评估”会衡量合成图像是否有帮助。</translation>
    </message>
    <message>
        <source>Open dataset folder…</source>
        <translation>打开数据集文件夹…</translation>
    </message>
    <message>
        <source>A folder with one sub-folder of images per class (or drop a folder on this page)</source>
        <translation>每个类别一个图像子文件夹的文件夹（也可以把文件夹拖到本页）</translation>
    </message>
    <message>
        <source>Recent</source>
        <translation>最近</translation>
    </message>
    <message>
        <source>Folders loaded before</source>
        <translation>之前加载过的文件夹</translation>
    </message>
    <message>
        <source>Use built-in sample</source>
        <translation>使用内置示例</translation>
    </message>
    <message>
        <source>2,200 MNIST handwritten digits (28×28, 10 classes), shipped offline: 20 per class to train on, 200 per class held out</source>
        <translation>2,200 张 MNIST 手写数字（28×28，10 个类别），随软件离线提供：每个类别 20 张用于训练，200 张留出</translation>
    </message>
    <message>
        <source>%v / %m files</source>
        <translation>%v / %m 个文件</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Stop scanning; the dataset loaded before stays</source>
        <translation>停止扫描；之前加载的数据集保持不变</translation>
    </message>
    <message>
        <source>Share of every class kept away from training (at least one image per class where possible), to test on in Evaluate; saved with each run as {file}</source>
        <translation>每个类别中不参与训练的比例（尽可能每类至少留出一张），用于“评估”步骤的测试；随每次运行保存为 {file}</translation>
    </message>
    <message>
        <source>How images that are not square reach the training size: cropped in the centre, or padded</source>
        <translation>非正方形图像如何缩放到训练尺寸：中心裁剪，或填充</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>处理</translation>
    </message>
    <message>
        <source>Every file that was skipped or converted, and why; click a header to sort</source>
        <translation>每个被跳过或转换的文件及其原因；点击表头可排序</translation>
    </message>
    <message>
        <source>Save as CSV…</source>
        <translation>另存为 CSV…</translation>
    </message>
    <message>
        <source>Write the problem files to a CSV file</source>
        <translation>把问题文件列表写入 CSV 文件</translation>
    </message>
    <message>
        <source>What may hurt training: empty or tiny classes, imbalance, duplicates, very small images</source>
        <translation>可能影响训练的问题：空类别或极小类别、类别不平衡、重复文件、过小的图像</translation>
    </message>
    <message>
        <source>The first images of every class, at the training size</source>
        <translation>每个类别的前几张图像（训练尺寸）</translation>
    </message>
    <message>
        <source>Problem files</source>
        <translation>问题文件</translation>
    </message>
    <message>
        <source>Warnings</source>
        <translation>警告</translation>
    </message>
    <message>
        <source>Thumbnails</source>
        <translation>缩略图</translation>
    </message>
    <message>
        <source>No dataset loaded — choose a folder or drop one here</source>
        <translation>尚未加载数据集——请选择一个文件夹，或把文件夹拖到这里</translation>
    </message>
    <message>
        <source>Open dataset folder</source>
        <translation>打开数据集文件夹</translation>
    </message>
    <message>
        <source>Scanning {path}…</source>
        <translation>正在扫描 {path}…</translation>
    </message>
    <message>
        <source>Loading cancelled</source>
        <translation>已取消加载</translation>
    </message>
    <message>
        <source>the built-in sample</source>
        <translation>内置示例</translation>
    </message>
    <message>
        <source>Loaded {images} images in {classes} classes from {where}; {problems} problem files, {warnings} warnings</source>
        <translation>已从{where}加载 {images} 张图像，共 {classes} 个类别；问题文件 {problems} 个，警告 {warnings} 条</translation>
    </message>
    <message>
        <source>Save problem files as CSV</source>
        <translation>把问题文件另存为 CSV</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>Cannot write {path}: {reason}</source>
        <translation>无法写入 {path}：{reason}</translation>
    </message>
    <message>
        <source>Saved the problem files to {path}</source>
        <translation>问题文件列表已保存到 {path}</translation>
    </message>
    <message>
        <source>Built-in sample (MNIST handwritten digits)</source>
        <translation>内置示例（MNIST 手写数字）</translation>
    </message>
    <message>
        <source>… and {count} more</source>
        <translation>…… 另有 {count} 个</translation>
    </message>
    <message>
        <source>Warnings ({count})</source>
        <translation>警告 ({count})</translation>
    </message>
    <message>
        <source>Problem files ({count})</source>
        <translation>问题文件 ({count})</translation>
    </message>
</context>
<context>
    <name>DataSummary</name>
    <message>
        <source>Images</source>
        <translation>图像</translation>
    </message>
    <message>
        <source>Classes</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Training size</source>
        <translation>训练尺寸</translation>
    </message>
    <message>
        <source>Channels</source>
        <translation>通道</translation>
    </message>
    <message>
        <source>Training / held out</source>
        <translation>训练 / 留出</translation>
    </message>
    <message>
        <source>Skipped / converted</source>
        <translation>跳过 / 转换</translation>
    </message>
    <message>
        <source>Imbalance</source>
        <translation>类别不平衡</translation>
    </message>
    <message>
        <source>Original sizes</source>
        <translation>原始尺寸</translation>
    </message>
    <message>
        <source>Modes</source>
        <translation>颜色模式</translation>
    </message>
    <message>
        <source>Scan</source>
        <translation>扫描</translation>
    </message>
    <message>
        <source>Held-out share</source>
        <translation>留出比例</translation>
    </message>
    <message>
        <source>Fit to size</source>
        <translation>适配尺寸</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>概览</translation>
    </message>
    <message>
        <source>{size} × {size} px</source>
        <translation>{size} × {size} px</translation>
    </message>
    <message>
        <source>1 (gray)</source>
        <translation>1（灰度）</translation>
    </message>
    <message>
        <source>3 (RGB)</source>
        <translation>3（RGB）</translation>
    </message>
    <message>
        <source>{ratio} : 1 (largest / smallest class)</source>
        <translation>{ratio} : 1（最大类 / 最小类）</translation>
    </message>
    <message>
        <source>; {low} to {high}</source>
        <translation>；{low} 至 {high}</translation>
    </message>
    <message>
        <source>28 × 28 (the sample)</source>
        <translation>28 × 28（示例数据）</translation>
    </message>
    <message>
        <source>{files} files in {seconds} s, {cached} from the cache</source>
        <translation>{files} 个文件，用时 {seconds} 秒，其中 {cached} 个来自缓存</translation>
    </message>
    <message>
        <source> (automatic: the images&apos; own size)</source>
        <translation>（自动：图像自身的尺寸）</translation>
    </message>
    <message>
        <source> (automatic: the nearest size the networks support to {size} px)</source>
        <translation>（自动：网络支持的、最接近 {size} px 的尺寸）</translation>
    </message>
</context>
<context>
    <name>EngineText</name>
    <message>
        <source>skipped</source>
        <translation>已跳过</translation>
    </message>
    <message>
        <source>converted</source>
        <translation>已转换</translation>
    </message>
    <message>
        <source>empty file (0 bytes)</source>
        <translation>空文件（0 字节）</translation>
    </message>
    <message>
        <source>not an image (content not recognised as {formats}; extension {ext})</source>
        <translation>不是图像（内容无法识别为 {formats}；扩展名 {ext}）</translation>
    </message>
    <message>
        <source>decompression bomb: {detail}</source>
        <translation>解压炸弹：{detail}</translation>
    </message>
    <message>
        <source>unreadable (permission denied)</source>
        <translation>无法读取（权限不足）</translation>
    </message>
    <message>
        <source>too large to decode in memory</source>
        <translation>过大，无法在内存中解码</translation>
    </message>
    <message>
        <source>cannot be read ({detail})</source>
        <translation>无法读取（{detail}）</translation>
    </message>
    <message>
        <source>truncated or corrupt image data ({detail})</source>
        <translation>图像数据被截断或损坏（{detail}）</translation>
    </message>
    <message>
        <source>corrupt image ({detail})</source>
        <translation>图像已损坏（{detail}）</translation>
    </message>
    <message>
        <source>animated {format}: first frame used</source>
        <translation>动画 {format}：使用第一帧</translation>
    </message>
    <message>
        <source>EXIF orientation {orientation} applied</source>
        <translation>已应用 EXIF 方向 {orientation}</translation>
    </message>
    <message>
        <source>{mode} with transparency composited on white</source>
        <translation>带透明度的 {mode} 已合成到白色背景上</translation>
    </message>
    <message>
        <source>P with a transparent colour composited on white</source>
        <translation>带透明色的 P 模式已合成到白色背景上</translation>
    </message>
    <message>
        <source>CMYK converted to RGB</source>
        <translation>CMYK 已转换为 RGB</translation>
    </message>
    <message>
        <source>{mode} converted to RGB</source>
        <translation>{mode} 已转换为 RGB</translation>
    </message>
    <message>
        <source>not in a class folder (a file beside the class folders)</source>
        <translation>不在类别文件夹中（与类别文件夹并列的文件）</translation>
    </message>
    <message>
        <source>folder cannot be opened</source>
        <translation>文件夹无法打开</translation>
    </message>
    <message>
        <source>folder unreadable (permission denied)</source>
        <translation>文件夹无法读取（权限不足）</translation>
    </message>
    <message>
        <source>folder unreadable ({detail})</source>
        <translation>文件夹无法读取（{detail}）</translation>
    </message>
    <message>
        <source>not a regular file (device, pipe or socket)</source>
        <translation>不是普通文件（设备、管道或套接字）</translation>
    </message>
    <message>
        <source>symlink loop (the link points back to itself)</source>
        <translation>符号链接循环（链接指回自身）</translation>
    </message>
    <message>
        <source>broken symlink (its target does not exist)</source>
        <translation>失效的符号链接（目标不存在）</translation>
    </message>
    <message>
        <source>Class &apos;{name}&apos; has no usable image: it is left out of the dataset.</source>
        <translation>类别“{name}”没有可用图像：已从数据集中排除。</translation>
    </message>
    <message>
        <source>Class &apos;{name}&apos; has only 1 usable image: too few to learn from, and none can be held out for evaluation.</source>
        <translation>类别“{name}”只有 1 张可用图像：太少，无法学习，也无法留出用于评估。</translation>
    </message>
    <message>
        <source>Heavy class imbalance: &apos;{big}&apos; has {n_big} images, &apos;{small}&apos; {n_small} (ratio {ratio}:1).</source>
        <translation>类别严重不平衡：“{big}”有 {n_big} 张图像，“{small}”只有 {n_small} 张（比例 {ratio}:1）。</translation>
    </message>
    <message>
        <source>{count} images are much smaller than the training size {size}x{size2} (short side under {short} px) and were upscaled: {where}.</source>
        <translation>{count} 张图像远小于训练尺寸 {size}x{size2}（短边小于 {short} px），已被放大：{where}。</translation>
    </message>
    <message>
        <source>{count} identical files in different classes ({classes}): a label conflict: {paths}</source>
        <translation>{count} 个完全相同的文件分属不同类别（{classes}）：标签冲突：{paths}</translation>
    </message>
    <message>
        <source>{count} identical files in class &apos;{name}&apos;: {paths}</source>
        <translation>类别“{name}”中有 {count} 个完全相同的文件：{paths}</translation>
    </message>
    <message>
        <source>resumed from step {step} ({file})</source>
        <translation>已从第 {step} 步恢复（{file}）</translation>
    </message>
    <message>
        <source>no checkpoint in the run folder yet: starting from the beginning</source>
        <translation>运行文件夹中还没有检查点：从头开始</translation>
    </message>
    <message>
        <source>paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <source>continued</source>
        <translation>已继续</translation>
    </message>
    <message>
        <source>out of memory at step {step}: batch size halved to {batch}</source>
        <translation>第 {step} 步内存不足：批大小减半为 {batch}</translation>
    </message>
    <message>
        <source>NaN in {what} at step {bad}: rolled back to step {step} with learning rate {lr}</source>
        <translation>第 {bad} 步 {what} 出现 NaN：已回滚到第 {step} 步，学习率改为 {lr}</translation>
    </message>
    <message>
        <source>{detail} (training goes on; the previous checkpoint is intact)</source>
        <translation>{detail}（训练继续；上一个检查点完好）</translation>
    </message>
    <message>
        <source>Dataset folder not found: {path}</source>
        <translation>找不到数据集文件夹：{path}</translation>
    </message>
    <message>
        <source>Dataset path is not a folder: {path}</source>
        <translation>数据集路径不是文件夹：{path}</translation>
    </message>
    <message>
        <source>Cannot read dataset folder {path}: {detail}</source>
        <translation>无法读取数据集文件夹 {path}：{detail}</translation>
    </message>
    <message>
        <source>No files found in dataset folder: {path}</source>
        <translation>数据集文件夹中没有文件：{path}</translation>
    </message>
    <message>
        <source>No usable images in {path} ({count} files: {detail})</source>
        <translation>{path} 中没有可用的图像（{count} 个文件：{detail}）</translation>
    </message>
    <message>
        <source>Run folder not found: {path}</source>
        <translation>找不到运行文件夹：{path}</translation>
    </message>
    <message>
        <source>Run folder has no loadable checkpoint (was it trained?): {path}</source>
        <translation>运行文件夹中没有可加载的检查点（是否训练过？）：{path}</translation>
    </message>
    <message>
        <source>Cannot read the run&apos;s settings {path}: {detail}</source>
        <translation>无法读取运行的设置 {path}：{detail}</translation>
    </message>
    <message>
        <source>The classes of {path} ({classes}) differ from the run&apos;s ({run_classes})</source>
        <translation>{path} 的类别（{classes}）与该运行的类别（{run_classes}）不同</translation>
    </message>
    <message>
        <source>The run folder {path} is in use: another process {owner}is training in it. Wait for it to finish or stop it, or choose another folder</source>
        <translation>运行文件夹 {path} 正在使用中：另一个进程 {owner}正在其中训练。请等待它完成或停止它，或选择其他文件夹</translation>
    </message>
    <message>
        <source>Not a valid run name: {name} (use a plain folder name, no slashes)</source>
        <translation>不是有效的运行名称：{name}（请使用普通文件夹名，不含斜杠）</translation>
    </message>
    <message>
        <source>A file or folder named {name} already exists in {path}</source>
        <translation>{path} 中已存在名为 {name} 的文件或文件夹</translation>
    </message>
    <message>
        <source>Cannot rename {path} to {name}: {detail}</source>
        <translation>无法把 {path} 重命名为 {name}：{detail}</translation>
    </message>
    <message>
        <source>Cannot delete {path}: {detail}</source>
        <translation>无法删除 {path}：{detail}</translation>
    </message>
    <message>
        <source>Output folder is not empty: {path} (choose a new or empty folder, or choose to add to it)</source>
        <translation>输出文件夹不为空：{path}（请选择新的或空的文件夹，或选择向其中添加）</translation>
    </message>
    <message>
        <source>Output path is a file, not a folder: {path}</source>
        <translation>输出路径是文件，不是文件夹：{path}</translation>
    </message>
    <message>
        <source>Refusing to write inside the source dataset: {path} is in {source}</source>
        <translation>拒绝写入源数据集内部：{path} 位于 {source} 中</translation>
    </message>
    <message>
        <source>Not enough free space in {path}: the export needs about {needed}, {free} are free</source>
        <translation>{path} 的可用空间不足：导出大约需要 {needed}，只有 {free} 可用</translation>
    </message>
    <message>
        <source>Disk full while exporting to {path} (writing {file}); nothing was kept</source>
        <translation>导出到 {path} 时磁盘已满（正在写入 {file}）；没有保留任何文件</translation>
    </message>
    <message>
        <source>Cannot write {file}: {detail}; nothing was kept</source>
        <translation>无法写入 {file}：{detail}；没有保留任何文件</translation>
    </message>
    <message>
        <source>Filtering by confidence needs the judge classifier of an evaluation, and {path} does not exist: evaluate the run first</source>
        <translation>按置信度过滤需要评估得到的评判分类器，但 {path} 不存在：请先评估该运行</translation>
    </message>
    <message>
        <source>generating synthetic images</source>
        <translation>正在生成合成图像</translation>
    </message>
    <message>
        <source>quality metrics and memorisation</source>
        <translation>质量指标与记忆检测</translation>
    </message>
    <message>
        <source>{recipe}, seed {seed}/{seeds}</source>
        <translation>{recipe}，种子 {seed}/{seeds}</translation>
    </message>
    <message>
        <source>sweep {amount}x filtered</source>
        <translation>扫描 {amount} 倍（已过滤）</translation>
    </message>
    <message>
        <source>sweep {amount}x</source>
        <translation>扫描 {amount} 倍</translation>
    </message>
    <message>
        <source>Real only</source>
        <translation>仅真实数据</translation>
    </message>
    <message>
        <source>Real + classical</source>
        <translation>真实 + 传统增强</translation>
    </message>
    <message>
        <source>Real + synthetic</source>
        <translation>真实 + 合成</translation>
    </message>
    <message>
        <source>Real + synthetic + classical</source>
        <translation>真实 + 合成 + 传统增强</translation>
    </message>
    <message>
        <source>Synthetic only (CAS)</source>
        <translation>仅合成数据 (CAS)</translation>
    </message>
    <message>
        <source>real only</source>
        <translation>仅真实数据</translation>
    </message>
    <message>
        <source>real + classical</source>
        <translation>真实 + 传统增强</translation>
    </message>
    <message>
        <source>real + synthetic</source>
        <translation>真实 + 合成</translation>
    </message>
    <message>
        <source>real + synthetic + classical</source>
        <translation>真实 + 合成 + 传统增强</translation>
    </message>
    <message>
        <source>synthetic only (cas)</source>
        <translation>仅合成数据 (CAS)</translation>
    </message>
    <message>
        <source>held-out split</source>
        <translation>留出集</translation>
    </message>
    <message>
        <source>test: {recipe}, seed {seed}/{seeds}</source>
        <translation>测试：{recipe}，种子 {seed}/{seeds}</translation>
    </message>
    <message>
        <source>validation {fold}/{folds}: {recipe}</source>
        <translation>验证 {fold}/{folds}：{recipe}</translation>
    </message>
    <message>
        <source>helps: synthetic data adds {gain} points, {level} interval [{low}, {high}] on the test images ({how})</source>
        <translation>有帮助：合成数据在测试图像上提升 {gain} 个百分点，{level} 区间 [{low}, {high}]（{how}）</translation>
    </message>
    <message>
        <source>hurts: {gain} points, {level} interval [{low}, {high}] on the test images ({how})</source>
        <translation>有害：在测试图像上 {gain} 个百分点，{level} 区间 [{low}, {high}]（{how}）</translation>
    </message>
    <message>
        <source>no clear effect: {gain} points, {level} interval [{low}, {high}] on the test images ({how})</source>
        <translation>没有明显效果：在测试图像上 {gain} 个百分点，{level} 区间 [{low}, {high}]（{how}）</translation>
    </message>
    <message>
        <source>no clear effect: validation favours real images alone (the best amount, {how}, changed validation accuracy by {val} points)</source>
        <translation>没有明显效果：验证数据倾向于只用真实图像（最佳数量 {how} 使验证准确率变化 {val} 个百分点）</translation>
    </message>
    <message>
        <source>hurts: validation favours real images alone (the best amount, {how}, changed validation accuracy by {val} points)</source>
        <translation>有害：验证数据倾向于只用真实图像（最佳数量 {how} 使验证准确率变化 {val} 个百分点）</translation>
    </message>
    <message>
        <source>on the test images it gives {gain} points, {level} interval [{low}, {high}]</source>
        <translation>它在测试图像上带来 {gain} 个百分点，{level} 区间 [{low}, {high}]</translation>
    </message>
    <message>
        <source>with classical augmentation, validation favours no synthetic images (the best amount, {how}, changed validation accuracy by {val} points)</source>
        <translation>配合传统增强时，验证数据倾向于不加合成图像（最佳数量 {how} 使验证准确率变化 {val} 个百分点）</translation>
    </message>
    <message>
        <source>on the test images it gives {gain} points over real + classical, {level} interval [{low}, {high}]</source>
        <translation>它在测试图像上比“真实 + 传统增强”多 {gain} 个百分点，{level} 区间 [{low}, {high}]</translation>
    </message>
    <message>
        <source>with classical augmentation, adding {how} (chosen on validation data): helps, {gain} points over real + classical, {level} interval [{low}, {high}]</source>
        <translation>配合传统增强时，添加 {how}（在验证数据上选择）：有帮助，比“真实 + 传统增强”多 {gain} 个百分点，{level} 区间 [{low}, {high}]</translation>
    </message>
    <message>
        <source>with classical augmentation, adding {how} (chosen on validation data): hurts, {gain} points over real + classical, {level} interval [{low}, {high}]</source>
        <translation>配合传统增强时，添加 {how}（在验证数据上选择）：有害，比“真实 + 传统增强”多 {gain} 个百分点，{level} 区间 [{low}, {high}]</translation>
    </message>
    <message>
        <source>with classical augmentation, adding {how} (chosen on validation data): no clear effect, {gain} points over real + classical, {level} interval [{low}, {high}]</source>
        <translation>配合传统增强时，添加 {how}（在验证数据上选择）：没有明显效果，比“真实 + 传统增强”多 {gain} 个百分点，{level} 区间 [{low}, {high}]</translation>
    </message>
    <message>
        <source>{recipe} + classical</source>
        <translation>{recipe} + 传统增强</translation>
    </message>
    <message>
        <source>do not export</source>
        <translation>不要导出</translation>
    </message>
    <message>
        <source>real + {amount}x synthetic, judge ≥ {confidence}</source>
        <translation>真实 + {amount} 倍合成，评判置信度 ≥ {confidence}</translation>
    </message>
    <message>
        <source>real + {amount}x synthetic</source>
        <translation>真实 + {amount} 倍合成</translation>
    </message>
    <message>
        <source>exporting it is not recommended</source>
        <translation>不建议导出</translation>
    </message>
    <message>
        <source>validation favours exporting it, but the test images can neither confirm nor refute a gain</source>
        <translation>验证数据支持导出，但测试图像既不能确认也不能否定提升</translation>
    </message>
    <message>
        <source>one classifier seed: the interval covers test images only, the true one is wider</source>
        <translation>只有一个分类器种子：区间只涵盖测试图像的随机性，真实区间更宽</translation>
    </message>
    <message>
        <source>{how}, chosen on validation data</source>
        <translation>{how}，在验证数据上选择</translation>
    </message>
    <message>
        <source>{amount}x the real count, filtered at judge confidence {confidence}</source>
        <translation>真实图像数量的 {amount} 倍，按评判置信度 {confidence} 过滤</translation>
    </message>
    <message>
        <source>{amount}x the real count, filtered by the judge</source>
        <translation>真实图像数量的 {amount} 倍，经评判分类器过滤</translation>
    </message>
    <message>
        <source>{amount}x the real count</source>
        <translation>真实图像数量的 {amount} 倍</translation>
    </message>
    <message>
        <source>{level} paired bootstrap over the {images} test images only ({resamples} resamples): with one classifier seed the noise between seeds is not in the interval, so the true uncertainty is wider than shown; use 3 seeds or more</source>
        <translation>仅对 {images} 张测试图像做 {level} 配对自助法（{resamples} 次重采样）：只有一个分类器种子时，种子之间的波动不在区间内，真实的不确定性比显示的更大；请使用 3 个或更多种子</translation>
    </message>
    <message>
        <source>{level} paired bootstrap over {seeds} classifier seeds and {images} test images, both resampled ({resamples} resamples, percentile interval)</source>
        <translation>对 {seeds} 个分类器种子和 {images} 张测试图像同时重采样的 {level} 配对自助法（{resamples} 次重采样，百分位区间）</translation>
    </message>
    <message>
        <source>the smallest class has {smallest} training images, so a fifth of each class ({images} images) validates every choice, {seeds} seed(s) each</source>
        <translation>最小的类别有 {smallest} 张训练图像，因此每个类别的五分之一（共 {images} 张）用于验证每项选择，每项 {seeds} 个种子</translation>
    </message>
    <message>
        <source>the smallest class has only {smallest} training images: a fifth of it ({count}) is too few to choose on, so {folds}-fold cross-validation lets every training image validate once (one seed per fold)</source>
        <translation>最小的类别只有 {smallest} 张训练图像：其五分之一（{count} 张）太少，不足以做选择，因此用 {folds} 折交叉验证让每张训练图像都参与一次验证（每折一个种子）</translation>
    </message>
    <message>
        <source>{count} images ({source}): the test images were used once, for the chosen configuration and the baselines; nothing was chosen on them</source>
        <translation>{count} 张图像（{source}）：测试图像只使用了一次，用于所选配置和基线；没有任何选择是在它们上面做出的</translation>
    </message>
    <message>
        <source>{count} held-out image(s) with the same pixels as a training image were left out of the test set ({pairs})</source>
        <translation>{count} 张与某张训练图像像素完全相同的留出图像已从测试集中去除（{pairs}）</translation>
    </message>
    <message>
        <source>the chosen filter kept no synthetic image (the judge is sure of none): the arm is real only; train the generator longer.</source>
        <translation>所选过滤没有保留任何合成图像（评判分类器对所有图像都没有把握）：该方案实际上只有真实图像；请把生成器训练得更久。</translation>
    </message>
    <message>
        <source>the synthetic images alone teach a classifier {synth}% against {real}% for the real ones: the generator has not captured the classes yet (train longer, or a larger preset).</source>
        <translation>仅用合成图像训练的分类器准确率为 {synth}%，而真实图像为 {real}%：生成器还没有学到各个类别（训练更久，或使用更大的预设）。</translation>
    </message>
    <message>
        <source>{rate}% of the samples are near-copies of training images, so they add little the real images do not already show (stop earlier, or more data augmentation in training).</source>
        <translation>{rate}% 的样本与训练图像几乎相同，因此它们带来的新内容很少（更早停止训练，或在训练中使用更多数据增强）。</translation>
    </message>
    <message>
        <source>{share}% of the synthetic &apos;{name}&apos; look like &apos;{other}&apos; to the judge: the classes leak into each other (train longer, or filter by the judge&apos;s confidence).</source>
        <translation>在评判分类器看来，{share}% 的合成“{name}”像“{other}”：类别之间相互渗漏（训练更久，或按评判置信度过滤）。</translation>
    </message>
    <message>
        <source>the interval is ±{half} points wide on {images} test images: about {more} test images and more seeds would narrow it to ±1 point.</source>
        <translation>在 {images} 张测试图像上区间宽 ±{half} 个百分点：大约需要 {more} 张测试图像并增加种子，才能把它缩小到 ±1 个百分点。</translation>
    </message>
    <message>
        <source>the interval is ±{half} points wide on {images} test images: about {more} test images would narrow it to ±1 point.</source>
        <translation>在 {images} 张测试图像上区间宽 ±{half} 个百分点：大约需要 {more} 张测试图像，才能把它缩小到 ±1 个百分点。</translation>
    </message>
    <message>
        <source>none of the measured limits stands out: real images alone reach {real}%, so the classifier may already learn from them what the synthetic images show.</source>
        <translation>测得的各项限制都不突出：仅用真实图像就达到 {real}%，分类器可能已经从真实图像中学到了合成图像所展示的内容。</translation>
    </message>
    <message>
        <source>Processes per machine and machines must be at least 1</source>
        <translation>每台机器的进程数和机器台数都至少为 1</translation>
    </message>
    <message>
        <source>The run folder and the dataset folder on the cluster are needed</source>
        <translation>需要填写集群上的运行文件夹和数据集文件夹</translation>
    </message>
    <message>
        <source>Several machines need a rendezvous endpoint HOST:PORT that every machine can reach (e.g. node1:29400), not {endpoint}</source>
        <translation>多台机器需要一个每台机器都能访问的汇合端点 HOST:PORT（例如 node1:29400），而不是 {endpoint}</translation>
    </message>
    <message>
        <source>Device {device} cannot train under torchrun: use auto, cuda or cpu</source>
        <translation>设备 {device} 无法在 torchrun 下训练：请使用 auto、cuda 或 cpu</translation>
    </message>
    <message>
        <source>Run folder already holds a trained run: {path} (choose a new name)</source>
        <translation>运行文件夹中已有训练过的运行：{path}（请换一个名称）</translation>
    </message>
    <message>
        <source>Cannot write the settings into {path}: {detail}</source>
        <translation>无法把设置写入 {path}：{detail}</translation>
    </message>
</context>
<context>
    <name>EvaluatePanel</name>
    <message>
        <source>
&lt;p&gt;A small classifier is trained on your images several ways, with several seeds. Every choice
(how much synthetic data, whether to filter it, which flips keep the labels) is made on a
&lt;b&gt;validation part of the training images&lt;/b&gt;; the &lt;b&gt;held-out test images&lt;/b&gt;, which share no image
with the training ones, are used once, for the chosen recipe and the baselines:&lt;/p&gt;
&lt;ol&gt;
&lt;li&gt;&lt;b&gt;real only&lt;/b&gt;: the baseline;&lt;/li&gt;
&lt;li&gt;&lt;b&gt;real + classical augmentation&lt;/b&gt; (flips, shifts, crops chosen to suit the data);&lt;/li&gt;
&lt;li&gt;&lt;b&gt;real + synthetic&lt;/b&gt;, also swept over amounts and with or without a confidence filter; when
no amount beats real only on validation, none is recommended;&lt;/li&gt;
&lt;li&gt;&lt;b&gt;real + synthetic + classical&lt;/b&gt;, its amount chosen again within this arm, against real +
classical;&lt;/li&gt;
&lt;li&gt;&lt;b&gt;synthetic only&lt;/b&gt;: the classification accuracy score, how much of each class the
generator captured.&lt;/li&gt;
&lt;/ol&gt;
&lt;p&gt;The verdict is &quot;helps&quot; only when the whole 95% interval of the gain (a paired bootstrap over
seeds and test images) is above zero. Then the generated images are measured on the features of
that classifier (no downloaded network): Fréchet distance, KID, precision and recall, label
agreement; and each is compared with its nearest training image to find copies. Export takes
the amount chosen on validation as its default, marked unconfirmed when the test images cannot
confirm its gain.&lt;/p&gt;
</source>
        <translation>
&lt;p&gt;用你的图像以几种方式、多个种子训练一个小分类器。每项选择（添加多少合成数据、是否过滤、哪些翻转不改变标签）都在&lt;b&gt;训练图像中划出的验证部分&lt;/b&gt;上做出；与训练图像没有任何重叠的&lt;b&gt;留出测试图像&lt;/b&gt;只使用一次，用于所选方案和各基线：&lt;/p&gt;
&lt;ol&gt;
&lt;li&gt;&lt;b&gt;仅真实数据&lt;/b&gt;：基线；&lt;/li&gt;
&lt;li&gt;&lt;b&gt;真实 + 传统增强&lt;/b&gt;（按数据特点选择的翻转、平移、裁剪）；&lt;/li&gt;
&lt;li&gt;&lt;b&gt;真实 + 合成&lt;/b&gt;，并扫描不同的添加数量，以及是否使用置信度过滤；如果在验证数据上没有任何数量胜过仅真实数据，则推荐不添加；&lt;/li&gt;
&lt;li&gt;&lt;b&gt;真实 + 合成 + 传统增强&lt;/b&gt;，在这一方案内部、相对于“真实 + 传统增强”重新选择添加数量；&lt;/li&gt;
&lt;li&gt;&lt;b&gt;仅合成数据&lt;/b&gt;：分类准确率得分 (CAS)，衡量生成器对每个类别掌握了多少。&lt;/li&gt;
&lt;/ol&gt;
&lt;p&gt;只有当提升的整个 95% 区间（对种子和测试图像做配对自助法）都大于零时，结论才是“有帮助”。然后在该分类器的特征上度量生成图像（不下载任何网络）：Fréchet 距离、KID、精确率与召回率、标签一致率；并把每张生成图像与最近的训练图像比较，找出副本。“导出”步骤默认采用在验证数据上选出的数量；测试图像无法确认其提升时，会标明未经确认。&lt;/p&gt;
</translation>
    </message>
    <message>
        <source>Each recipe&apos;s classifier is trained this many times with different seeds; the interval covers them</source>
        <translation>每种方案的分类器用不同的种子训练这么多次；区间涵盖这些结果</translation>
    </message>
    <message>
        <source>Optimiser steps of every classifier (the same for each recipe)</source>
        <translation>每个分类器的优化步数（各方案相同）</translation>
    </message>
    <message>
        <source>the run&apos;s held-out split (images the generator never saw)</source>
        <translation>该运行的留出集（生成器从未见过的图像）</translation>
    </message>
    <message>
        <source>A folder of test images, one sub-folder per class, instead of the held-out split</source>
        <translation>用一个测试图像文件夹（每个类别一个子文件夹）代替留出集</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Choose a folder of test images</source>
        <translation>选择测试图像文件夹</translation>
    </message>
    <message>
        <source>Seeds</source>
        <translation>种子数</translation>
    </message>
    <message>
        <source>Classifier steps</source>
        <translation>分类器步数</translation>
    </message>
    <message>
        <source>Test images</source>
        <translation>测试图像</translation>
    </message>
    <message>
        <source>Evaluate</source>
        <translation>评估</translation>
    </message>
    <message>
        <source>Train the classifiers and measure; the report is saved in the run folder as {file}</source>
        <translation>训练分类器并测量；报告保存在运行文件夹中，文件名为 {file}</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Stop the evaluation; the previous report is kept</source>
        <translation>停止评估；保留之前的报告</translation>
    </message>
    <message>
        <source>Classifier steps done of all the evaluation&apos;s steps</source>
        <translation>已完成的分类器步数 / 评估总步数</translation>
    </message>
    <message>
        <source>Train a model first (step 3, Train), or open a run from Runs: Evaluate measures whether its images help a classifier.</source>
        <translation>请先训练一个模型（第 3 步“训练”），或在“运行记录”中打开一个运行：评估会衡量它生成的图像能否帮助分类器。</translation>
    </message>
    <message>
        <source>starting…</source>
        <translation>正在开始…</translation>
    </message>
    <message>
        <source>Evaluating {run}…</source>
        <translation>正在评估 {run}…</translation>
    </message>
    <message>
        <source>Not evaluated yet: press Evaluate to find out whether this run&apos;s images help a classifier</source>
        <translation>尚未评估：点击“评估”，看看该运行生成的图像能否帮助分类器</translation>
    </message>
    <message>
        <source>{stage} · {time} left</source>
        <translation>{stage} · 剩余 {time}</translation>
    </message>
    <message>
        <source>{time} left</source>
        <translation>剩余 {time}</translation>
    </message>
    <message>
        <source>done in {time}</source>
        <translation>完成，用时 {time}</translation>
    </message>
    <message>
        <source>Evaluated {run}: {verdict}</source>
        <translation>已评估 {run}：{verdict}</translation>
    </message>
    <message>
        <source>cancelled: the previous report is kept</source>
        <translation>已取消：保留之前的报告</translation>
    </message>
    <message>
        <source>Evaluation cancelled</source>
        <translation>评估已取消</translation>
    </message>
    <message>
        <source>Test images (one sub-folder per class)</source>
        <translation>测试图像（每个类别一个子文件夹）</translation>
    </message>
    <message>
        <source>The saved report of {run} has a layout this version does not know: evaluate again to replace it.</source>
        <translation>{run} 保存的报告格式无法被此版本识别：请重新评估以替换它。</translation>
    </message>
</context>
<context>
    <name>EvaluationResults</name>
    <message>
        <source>Synthetic added</source>
        <translation>添加的合成数据</translation>
    </message>
    <message>
        <source>Filter</source>
        <translation>过滤</translation>
    </message>
    <message>
        <source>Validation
accuracy %</source>
        <translation>验证准确率 %</translation>
    </message>
    <message>
        <source>Validation gain
(points)</source>
        <translation>验证提升（百分点）</translation>
    </message>
    <message>
        <source>Real + synthetic at each amount (synthetic count / real count), with and without dropping images the judge is unsure of, scored on validation images; the highlighted row is the one chosen</source>
        <translation>不同数量（合成数 / 真实数）下的“真实 + 合成”，分别在去掉与不去掉评判分类器没有把握的图像时，在验证图像上评分；高亮的行是选中的设置</translation>
    </message>
    <message>
        <source>How much synthetic data to add (chosen on validation data)</source>
        <translation>应添加多少合成数据（在验证数据上选择）</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Recall: real</source>
        <translation>召回率：真实</translation>
    </message>
    <message>
        <source>+ classical</source>
        <translation>+ 传统增强</translation>
    </message>
    <message>
        <source>+ synthetic</source>
        <translation>+ 合成</translation>
    </message>
    <message>
        <source>+ synth + classical</source>
        <translation>+ 合成 + 传统增强</translation>
    </message>
    <message>
        <source>synthetic only</source>
        <translation>仅合成</translation>
    </message>
    <message>
        <source>Precision</source>
        <translation>精确率</translation>
    </message>
    <message>
        <source>Recall</source>
        <translation>召回率</translation>
    </message>
    <message>
        <source>Agreement</source>
        <translation>标签一致率</translation>
    </message>
    <message>
        <source>Recall on the test images per recipe (%), then the quality of the generated images of the class against the test images</source>
        <translation>各方案在测试图像上的召回率 (%)，以及该类别生成图像相对测试图像的质量</translation>
    </message>
    <message>
        <source>Quality of the generated images, and results per class</source>
        <translation>生成图像的质量，以及各类别的结果</translation>
    </message>
    <message>
        <source>Accuracy of the same classifier trained five ways</source>
        <translation>同一分类器用五种方式训练后的准确率</translation>
    </message>
    <message>
        <source>Accuracy on the test images ({test}), {level}% interval over {seeds} seed(s) and the images</source>
        <translation>测试图像（{test}）上的准确率，基于 {seeds} 个种子和图像的 {level}% 区间</translation>
    </message>
    <message>
        <source>{amount}× the real count</source>
        <translation>真实数量的 {amount} 倍</translation>
    </message>
    <message>
        <source>judge ≥ {confidence}</source>
        <translation>评判置信度 ≥ {confidence}</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>The best amount on validation, yet not above real only there: no synthetic images are recommended; it was tested once to show what it would do</source>
        <translation>验证数据上最佳的数量，但在验证中并未超过仅真实数据：因此不推荐添加合成图像；它只测试了一次，用来说明它会带来什么</translation>
    </message>
    <message>
        <source>Chosen on validation data; the test images confirm a gain</source>
        <translation>在验证数据上选中；测试图像证实有提升</translation>
    </message>
    <message>
        <source>Chosen on validation data; the test images show no clear gain</source>
        <translation>在验证数据上选中；测试图像未显示明显提升</translation>
    </message>
</context>
<context>
    <name>EvaluationText</name>
    <message>
        <source>{model}, step {step}</source>
        <translation>{model}，第 {step} 步</translation>
    </message>
    <message>
        <source>step {step}</source>
        <translation>第 {step} 步</translation>
    </message>
    <message>
        <source>Evaluates the run &lt;b&gt;{run}&lt;/b&gt; ({what}) on {data}: does adding its images to the real ones help a classifier?</source>
        <translation>在 {data} 上评估运行 &lt;b&gt;{run}&lt;/b&gt;（{what}）：把它生成的图像加入真实图像，能否帮助分类器？</translation>
    </message>
    <message>
        <source>Evaluates the run &lt;b&gt;{run}&lt;/b&gt; on {data}: does adding its images to the real ones help a classifier?</source>
        <translation>在 {data} 上评估运行 &lt;b&gt;{run}&lt;/b&gt;：把它生成的图像加入真实图像，能否帮助分类器？</translation>
    </message>
    <message>
        <source>{first} {second}</source>
        <translation>{first}{second}</translation>
    </message>
    <message>
        <source>What would it take: {limits}</source>
        <translation>还需要什么：{limits}</translation>
    </message>
    <message>
        <source>Chosen on validation data: no synthetic images; the best amount there ({amount}× the real count) was tested once, to show what it would do.</source>
        <translation>在验证数据上选定：不加合成图像；验证中最佳的数量（真实数量的 {amount} 倍）在测试图像上只测试了一次，用来说明它会带来什么。</translation>
    </message>
    <message>
        <source>Chosen on validation data: add {amount}× the real count ({count} synthetic images), keeping images the judge gives their class ≥ {confidence}.</source>
        <translation>在验证数据上选定：添加真实数量的 {amount} 倍（{count} 张合成图像），只保留评判分类器判给其类别的概率 ≥ {confidence} 的图像。</translation>
    </message>
    <message>
        <source>Chosen on validation data: add {amount}× the real count, keeping images the judge gives their class ≥ {confidence}.</source>
        <translation>在验证数据上选定：添加真实数量的 {amount} 倍，只保留评判分类器判给其类别的概率 ≥ {confidence} 的图像。</translation>
    </message>
    <message>
        <source>Chosen on validation data: add {amount}× the real count ({count} synthetic images), unfiltered.</source>
        <translation>在验证数据上选定：添加真实数量的 {amount} 倍（{count} 张合成图像），不过滤。</translation>
    </message>
    <message>
        <source>Chosen on validation data: add {amount}× the real count, unfiltered.</source>
        <translation>在验证数据上选定：添加真实数量的 {amount} 倍，不过滤。</translation>
    </message>
    <message>
        <source>Tested once on {test} images ({source}), classifiers trained on {train} real images; evaluated in {time}.</source>
        <translation>在 {test} 张图像（{source}）上测试一次，分类器在 {train} 张真实图像上训练；评估用时 {time}。</translation>
    </message>
    <message>
        <source>Tested once on {test} images ({source}), classifiers trained on {train} real images.</source>
        <translation>在 {test} 张图像（{source}）上测试一次，分类器在 {train} 张真实图像上训练。</translation>
    </message>
    <message>
        <source>Interval: {method}.</source>
        <translation>区间：{method}。</translation>
    </message>
    <message>
        <source>k-fold cross-validation</source>
        <translation>交叉验证（k 折）</translation>
    </message>
    <message>
        <source>a validation part of the training split</source>
        <translation>训练集中划出的验证部分</translation>
    </message>
    <message>
        <source>&lt;b&gt;Choices&lt;/b&gt; (amount, filter and threshold, flips) were made on {method}: {reason}.</source>
        <translation>&lt;b&gt;选择&lt;/b&gt;（数量、过滤及其阈值、翻转）基于{method}做出：{reason}。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Test&lt;/b&gt;: {test}.</source>
        <translation>&lt;b&gt;测试&lt;/b&gt;：{test}。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Leak check&lt;/b&gt;: {copies} of {checked} synthetic images are copies of a test image.</source>
        <translation>&lt;b&gt;泄漏检查&lt;/b&gt;：{checked} 张合成图像中有 {copies} 张是测试图像的副本。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Note&lt;/b&gt;: {note}.</source>
        <translation>&lt;b&gt;注意&lt;/b&gt;：{note}。</translation>
    </message>
    <message>
        <source>&lt;b&gt;All classes&lt;/b&gt;: Fréchet distance {fd} · KID {kid} · precision {precision}% · recall {recall}% · label agreement {agreement}%</source>
        <translation>&lt;b&gt;所有类别&lt;/b&gt;：Fréchet 距离 {fd} · KID {kid} · 精确率 {precision}% · 召回率 {recall}% · 标签一致率 {agreement}%</translation>
    </message>
    <message>
        <source>&lt;b&gt;Class leakage&lt;/b&gt;: {share}% of the synthetic &apos;{name}&apos; look like &apos;{other}&apos; to the judge (the worst class)</source>
        <translation>&lt;b&gt;类别渗漏&lt;/b&gt;：在评判分类器看来，{share}% 的合成“{name}”像“{other}”（最严重的类别）</translation>
    </message>
    <message>
        <source>&lt;b&gt;Memorisation&lt;/b&gt;: {rate}% of {checked} generated images ({count}) are near-copies of a training image: {pixels}% in pixels (RMS &amp;lt; {threshold}), {features}% in the judge&apos;s features</source>
        <translation>&lt;b&gt;记忆化&lt;/b&gt;：{checked} 张生成图像中有 {rate}%（{count} 张）与某张训练图像几乎相同：按像素 {pixels}%（RMS &amp;lt; {threshold}），按评判分类器的特征 {features}%</translation>
    </message>
    <message>
        <source>({count} distinct)</source>
        <translation>（其中 {count} 张不同）</translation>
    </message>
</context>
<context>
    <name>EventLog</name>
    <message>
        <source>What happened during the run; also written to {file} in the run folder</source>
        <translation>运行期间发生的事件；同时写入运行文件夹中的 {file}</translation>
    </message>
    <message>
        <source>Events</source>
        <translation>事件</translation>
    </message>
</context>
<context>
    <name>ExportOptions</name>
    <message>
        <source>Synthetic images at the real images&apos; size</source>
        <translation>合成图像采用真实图像的尺寸</translation>
    </message>
    <message>
        <source>Every image, real ones too, at the trained size</source>
        <translation>所有图像（包括真实图像）都采用训练尺寸</translation>
    </message>
    <message>
        <source>The exported folder holds one image size: the synthetic images are resized to the real files&apos; most common size, or the real images are written at the size the model was trained at</source>
        <translation>导出的文件夹只包含一种图像尺寸：要么把合成图像缩放到真实文件最常见的尺寸，要么把真实图像按模型的训练尺寸写出</translation>
    </message>
    <message>
        <source>Image size</source>
        <translation>图像尺寸</translation>
    </message>
    <message>
        <source>&amp;Moved copies of each real image</source>
        <translation>每张真实图像的变换副本(&amp;M)</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Also write this many moved copies of every real image (small rotation, shift and zoom; flips only where the run&apos;s evaluation measured them safe): classical augmentation written out, for a classifier that trains on the folder without augmenting it. They come on top of the amount, and the evaluation&apos;s “real + classical” bar shows what such moves are worth on your data</source>
        <translation>为每张真实图像另外写入这么多份变换副本（小幅旋转、平移和缩放；仅在运行的评估测得翻转不改变标签时才翻转）：把传统增强直接写进文件夹，供训练时不做增强的分类器使用。它们不计入上面的数量；评估中的“真实 + 传统增强”一栏显示这类变换在你的数据上值多少</translation>
    </message>
    <message>
        <source>Augmented dataset</source>
        <translation>扩充后的数据集</translation>
    </message>
    <message>
        <source>&amp;Output folder</source>
        <translation>输出文件夹(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Amount</source>
        <translation>数量(&amp;A)</translation>
    </message>
    <message>
        <source>S&amp;eed</source>
        <translation>种子(&amp;E)</translation>
    </message>
    <message>
        <source>A new (or empty) folder; it appears only when the export is complete. Your dataset folder is never written into.</source>
        <translation>一个新的（或空的）文件夹；导出全部完成后它才会出现。不会向你的数据集文件夹写入任何内容。</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Choose the output folder</source>
        <translation>选择输出文件夹</translation>
    </message>
    <message>
        <source>Add N synthetic images to every class</source>
        <translation>每个类别添加 N 张合成图像</translation>
    </message>
    <message>
        <source>The same number of synthetic images in every class</source>
        <translation>每个类别添加相同数量的合成图像</translation>
    </message>
    <message>
        <source>Balance: bring every class up to M images</source>
        <translation>均衡：把每个类别补足到 M 张图像</translation>
    </message>
    <message>
        <source>Small classes get more synthetic images than large ones</source>
        <translation>小类别比大类别得到更多的合成图像</translation>
    </message>
    <message>
        <source>Multiply: make every class F times larger</source>
        <translation>倍增：每个类别扩大为 F 倍</translation>
    </message>
    <message>
        <source>Every class grows in proportion to its real count</source>
        <translation>每个类别按其真实图像数量成比例增长</translation>
    </message>
    <message>
        <source>2 doubles every class (with the real images counted once)</source>
        <translation>2 表示每个类别翻倍（真实图像只计一次）</translation>
    </message>
    <message>
        <source>Synthetic images added to each class</source>
        <translation>每个类别添加的合成图像数</translation>
    </message>
    <message>
        <source>Every class is filled up with synthetic images until it holds this many (real ones count)</source>
        <translation>用合成图像填充每个类别，直到达到这个数量（真实图像也计入）</translation>
    </message>
    <message>
        <source>Include the real images</source>
        <translation>包含真实图像</translation>
    </message>
    <message>
        <source>Copy the real files next to the synthetic ones</source>
        <translation>把真实文件复制到合成文件旁边</translation>
    </message>
    <message>
        <source>Hard-link real files instead of copying (saves space)</source>
        <translation>用硬链接代替复制真实文件（节省空间）</translation>
    </message>
    <message>
        <source>A hard link shares the file with your dataset: editing one edits both. Falls back to a copy on another disk.</source>
        <translation>硬链接与你的数据集共用同一个文件：修改其中一个，另一个也会改变。跨磁盘时改为复制。</translation>
    </message>
    <message>
        <source>Skip images rejected in the gallery</source>
        <translation>跳过在图库中剔除的图像</translation>
    </message>
    <message>
        <source>Rejected seeds are replaced by the next seeds; rejections apply at the temperature and truncation they were made at</source>
        <translation>被剔除的种子由后续种子替代；剔除记录只对做出剔除时的温度和截断值有效</translation>
    </message>
    <message>
        <source>Leave out samples that copy a training image</source>
        <translation>排除复制了训练图像的样本</translation>
    </message>
    <message>
        <source>Drop generated images that are near-copies of a real one (and make replacements from further seeds)</source>
        <translation>去掉与真实图像几乎相同的生成图像（并用后续种子生成替代图像）</translation>
    </message>
    <message>
        <source>Keep only samples the judge recognises, with probability at least</source>
        <translation>只保留评判分类器能识别的样本，概率至少为</translation>
    </message>
    <message>
        <source>The smallest probability the judge must give the intended class (0.9 is what the evaluation&apos;s filtered variants use)</source>
        <translation>评判分类器必须给目标类别的最低概率（评估中“已过滤”方案使用 0.9）</translation>
    </message>
    <message>
        <source>Add to the folder if it is not empty (never replaces a file)</source>
        <translation>文件夹非空时向其中添加（从不替换文件）</translation>
    </message>
    <message>
        <source>Files whose names are taken get _1, _2…; nothing is overwritten</source>
        <translation>重名的文件加上 _1、_2…；不会覆盖任何文件</translation>
    </message>
    <message>
        <source>Also write a .zip of the folder</source>
        <translation>同时写出该文件夹的 .zip</translation>
    </message>
    <message>
        <source>A .zip beside the folder, holding the same files</source>
        <translation>在文件夹旁边生成一个包含相同文件的 .zip</translation>
    </message>
    <message>
        <source>Also write sample_sheet.png (a grid per class, for reports)</source>
        <translation>同时写出 sample_sheet.png（每个类别一行网格，便于写报告）</translation>
    </message>
    <message>
        <source>One row of synthetic images per class, in one picture</source>
        <translation>每个类别一行合成图像，拼成一张图片</translation>
    </message>
    <message>
        <source>First seed of the synthetic images</source>
        <translation>合成图像的起始种子</translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation>温度</translation>
    </message>
    <message>
        <source>Noise scale, as in the gallery (use the same value so its rejections apply)</source>
        <translation>噪声缩放，与图库中相同（使用相同的值，图库中的剔除记录才会生效）</translation>
    </message>
    <message>
        <source>Truncation</source>
        <translation>截断</translation>
    </message>
    <message>
        <source>The judge is the classifier the run&apos;s evaluation trained on real images; a sample is kept only if the judge gives it its class with at least this probability (replacements come from further seeds)</source>
        <translation>评判分类器是该运行的评估在真实图像上训练的分类器；只有当它判给样本目标类别的概率不低于此值时，样本才会保留（替代图像来自后续种子）</translation>
    </message>
    <message>
        <source>Needs the run&apos;s evaluation (step 5, Evaluate): it trains the judge this filter uses</source>
        <translation>需要先评估该运行（第 5 步“评估”）：评估会训练此过滤器所用的评判分类器</translation>
    </message>
    <message>
        <source>Export into folder (new or empty)</source>
        <translation>导出到文件夹（新的或空的）</translation>
    </message>
</context>
<context>
    <name>ExportPanel</name>
    <message>
        <source>Choose an output folder first.</source>
        <translation>请先选择输出文件夹。</translation>
    </message>
    <message>
        <source>Exporting to {0}…</source>
        <translation>正在导出到 {0}…</translation>
    </message>
    <message>
        <source>starting…</source>
        <translation>正在开始…</translation>
    </message>
    <message>
        <source>{0}/{1} files · {2}/s · {3} left</source>
        <translation>{0}/{1} 个文件 · {2}/秒 · 剩余 {3}</translation>
    </message>
    <message>
        <source>done in {0}</source>
        <translation>完成，用时 {0}</translation>
    </message>
    <message>
        <source>Export done: {0}</source>
        <translation>导出完成：{0}</translation>
    </message>
    <message>
        <source>Export cancelled: nothing was written.</source>
        <translation>导出已取消：没有写入任何文件。</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Write the augmented dataset folder</source>
        <translation>写出扩充后的数据集文件夹</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Stop; nothing is written</source>
        <translation>停止；不写入任何文件</translation>
    </message>
    <message>
        <source>Files written</source>
        <translation>已写入的文件</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Real</source>
        <translation>真实</translation>
    </message>
    <message>
        <source>Synthetic</source>
        <translation>合成</translation>
    </message>
    <message>
        <source>Moved</source>
        <translation>变换副本</translation>
    </message>
    <message>
        <source>What was written, per class</source>
        <translation>每个类别写入了什么</translation>
    </message>
    <message>
        <source>Added {0} real and {1} synthetic images to {2} (with {3})</source>
        <translation>已向 {2} 添加 {0} 张真实图像和 {1} 张合成图像（{3}）</translation>
    </message>
    <message>
        <source>Wrote {0} real and {1} synthetic images to {2} (with {3})</source>
        <translation>已向 {2} 写入 {0} 张真实图像和 {1} 张合成图像（{3}）</translation>
    </message>
    <message>
        <source>{0} moved copies of the real images</source>
        <translation>{0} 张真实图像的变换副本</translation>
    </message>
    <message>
        <source>{0} near-copies of training images left out</source>
        <translation>排除了 {0} 张与训练图像几乎相同的图像</translation>
    </message>
    <message>
        <source>{0} samples the judge was not sure of left out</source>
        <translation>排除了 {0} 张评判分类器没有把握的样本</translation>
    </message>
    <message>
        <source>{0} ({1} short)</source>
        <translation>{0}（少 {1} 张）</translation>
    </message>
    <message>
        <source>fewer synthetic images than asked where the filters kept too few: {0}</source>
        <translation>筛选通过的样本不足，以下类别的合成图像少于所要求的数量：{0}</translation>
    </message>
    <message>
        <source>{0} images rejected in the gallery skipped</source>
        <translation>跳过了 {0} 张在图库中剔除的图像</translation>
    </message>
    <message>
        <source>archive {0}</source>
        <translation>压缩包 {0}</translation>
    </message>
    <message>
        <source>Export cancelled</source>
        <translation>导出已取消</translation>
    </message>
    <message>
        <source>Nothing to export yet: train a model first (step 3, Train) or open a finished run from Runs. Export adds its samples to your dataset.</source>
        <translation>还没有可导出的内容：请先训练一个模型（第 3 步“训练”），或在“运行记录”中打开一个已完成的运行。导出会把它的样本加入你的数据集。</translation>
    </message>
    <message>
        <source>Exports synthetic images from the run in {0} ({1} images rejected in the gallery).</source>
        <translation>导出 {0} 中运行生成的合成图像（图库中剔除了 {1} 张）。</translation>
    </message>
    <message>
        <source>Exports synthetic images from the run in {0}.</source>
        <translation>导出 {0} 中运行生成的合成图像。</translation>
    </message>
    <message>
        <source>×{0} is recommended by the evaluation: adding {1}× the real count (chosen on validation data) gained {2} points on the test images, 95% interval {3}.</source>
        <translation>评估推荐 ×{0}：添加真实数量的 {1} 倍（在验证数据上选择），在测试图像上提升 {2} 个百分点，95% 区间 {3}。</translation>
    </message>
    <message>
        <source>×{0} is favoured by the evaluation&apos;s validation data (adding {1}× the real count changed validation accuracy by {2} points); its test images are too few to confirm it: {3} points, 95% interval {4}. Set below; export the real images alone if you need a confirmed gain.</source>
        <translation>评估的验证数据支持 ×{0}（添加真实数量的 {1} 倍使验证准确率变化 {2} 个百分点）；其测试图像太少，无法确认：{3} 个百分点，95% 区间 {4}。已在下方设置；如果你需要经过确认的提升，请只导出真实图像。</translation>
    </message>
    <message>
        <source>It kept only the images the judge was at least {0} sure of; the same filter is set below.</source>
        <translation>它只保留了评判分类器置信度至少为 {0} 的图像；下面已设置相同的过滤。</translation>
    </message>
    <message>
        <source>It kept only the images the judge was sure of, but the judge file is missing from the run, so the gain may differ.</source>
        <translation>它只保留了评判分类器有把握的图像，但该运行缺少评判分类器文件，因此提升可能不同。</translation>
    </message>
    <message>
        <source>Export is not recommended by the evaluation: {0}.</source>
        <translation>评估不建议导出：{0}。</translation>
    </message>
</context>
<context>
    <name>GalleryControls</name>
    <message>
        <source>Class</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>种子</translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation>温度</translation>
    </message>
    <message>
        <source>Truncation</source>
        <translation>截断</translation>
    </message>
    <message>
        <source>Zoom</source>
        <translation>缩放</translation>
    </message>
    <message>
        <source>The class whose images are shown</source>
        <translation>显示哪个类别的图像</translation>
    </message>
    <message>
        <source>Images to generate (Generate replaces the shown ones, Generate more adds this many after them)</source>
        <translation>要生成的图像数（“生成”替换当前显示的图像，“继续生成”在其后再添加这么多）</translation>
    </message>
    <message>
        <source>Image i uses seed + i: the same seed gives the same image, in the gallery and in the export</source>
        <translation>第 i 张图像使用种子 + i：相同的种子在图库和导出中得到相同的图像</translation>
    </message>
    <message>
        <source>Scale of the noise: below 1 gives more typical, less varied images; above 1 more varied ones</source>
        <translation>噪声的缩放：小于 1 得到更典型、变化更少的图像；大于 1 变化更多</translation>
    </message>
    <message>
        <source>Generate</source>
        <translation>生成</translation>
    </message>
    <message>
        <source>Replace the shown images with new ones of the class, from the seed</source>
        <translation>从该种子开始，用该类别的新图像替换当前显示的图像</translation>
    </message>
    <message>
        <source>Generate more</source>
        <translation>继续生成</translation>
    </message>
    <message>
        <source>Add as many images again, after the last seed shown</source>
        <translation>在最后一个种子之后，再添加同样数量的图像</translation>
    </message>
    <message>
        <source>Thumbnail size (also Ctrl + mouse wheel)</source>
        <translation>缩略图大小（也可用 Ctrl + 鼠标滚轮）</translation>
    </message>
    <message>
        <source>Images generated so far</source>
        <translation>已生成的图像</translation>
    </message>
</context>
<context>
    <name>GalleryPanel</name>
    <message>
        <source>Reject selected</source>
        <translation>剔除所选</translation>
    </message>
    <message>
        <source>Also: Delete. Space toggles, Backspace restores, double-click or the corner badge toggles one image</source>
        <translation>也可按 Delete。空格键切换，Backspace 恢复，双击或点击角标切换单张图像</translation>
    </message>
    <message>
        <source>Restore selected</source>
        <translation>恢复所选</translation>
    </message>
    <message>
        <source>Take the selected images back (also: Backspace)</source>
        <translation>恢复所选图像（也可按 Backspace）</translation>
    </message>
    <message>
        <source>Reject all flagged as memorised</source>
        <translation>剔除所有被标记为记忆化的图像</translation>
    </message>
    <message>
        <source>Flag samples closer than RMS {threshold} to a training image, and reject them</source>
        <translation>标记与某张训练图像的 RMS 距离小于 {threshold} 的样本，并剔除它们</translation>
    </message>
    <message>
        <source>Generated images of the class: select to inspect, double-click to reject or restore</source>
        <translation>该类别的生成图像：选中查看，双击剔除或恢复</translation>
    </message>
    <message>
        <source>Samples from the run in {run}. Rejected images are saved with the run and left out of exports.</source>
        <translation>来自 {run} 中运行的样本。剔除的图像随运行保存，导出时不包含它们。</translation>
    </message>
    <message>
        <source>Train a model first (step 3, Train): the gallery samples from the last trained run.</source>
        <translation>请先训练一个模型（第 3 步“训练”）：图库从最近训练的运行中采样。</translation>
    </message>
    <message>
        <source>Class {name}: {count} images (temperature {temperature}, truncation {truncation})</source>
        <translation>类别 {name}：{count} 张图像（温度 {temperature}，截断 {truncation}）</translation>
    </message>
    <message>
        <source>Class {name}: {count} images (temperature {temperature})</source>
        <translation>类别 {name}：{count} 张图像（温度 {temperature}）</translation>
    </message>
    <message>
        <source>{flagged} of {count} images flagged as memorised and rejected</source>
        <translation>{count} 张图像中有 {flagged} 张被标记为记忆化并已剔除</translation>
    </message>
    <message>
        <source>Cannot save the curation in {path}: {reason}</source>
        <translation>无法把筛选结果保存到 {path}：{reason}</translation>
    </message>
    <message>
        <source>{shown} shown, {rejected} rejected here, {total} rejected in this run</source>
        <translation>显示 {shown} 张，此处剔除 {rejected} 张，本次运行共剔除 {total} 张</translation>
    </message>
</context>
<context>
    <name>GuideBar</name>
    <message>
        <source>Step 1 of 6, Data: the built-in sample (handwritten digits) is loaded. Look at the class counts; open your own folder with File → Open dataset folder, or drop it on the window.</source>
        <translation>第 1 步（共 6 步），数据：已加载内置示例（手写数字）。看看各类别的数量；用“文件 → 打开数据集文件夹”打开你自己的文件夹，或把它拖到窗口上。</translation>
    </message>
    <message>
        <source>Step 2 of 6, Model: keep GAN and the preset chosen for this dataset and computer; every setting stays editable.</source>
        <translation>第 2 步（共 6 步），模型：保留 GAN 和为此数据集与这台计算机选好的预设；每项设置仍可修改。</translation>
    </message>
    <message>
        <source>Step 3 of 6, Train: press Start (F5). Curves and samples update live; Pause (F6) and Stop (Shift+F5) keep what was learned.</source>
        <translation>第 3 步（共 6 步），训练：点击“开始”(F5)。曲线和样本实时更新；“暂停”(F6) 和“停止”(Shift+F5) 会保留已学到的内容。</translation>
    </message>
    <message>
        <source>Step 4 of 6, Gallery: generate images per class and reject the bad ones; Export leaves them out.</source>
        <translation>第 4 步（共 6 步），图库：按类别生成图像并剔除不好的；导出时会排除它们。</translation>
    </message>
    <message>
        <source>Step 5 of 6, Evaluate: find out whether the synthetic images help a classifier on held-out real images.</source>
        <translation>第 5 步（共 6 步），评估：看看合成图像能否帮助分类器在留出的真实图像上表现更好。</translation>
    </message>
    <message>
        <source>Step 6 of 6, Export: write real + synthetic images to a new folder, in the same class layout. Save your project with Ctrl+S; the guide is under Help (F1).</source>
        <translation>第 6 步（共 6 步），导出：按相同的类别结构，把真实 + 合成图像写入新文件夹。用 Ctrl+S 保存项目；指南在“帮助”中 (F1)。</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>上一步</translation>
    </message>
    <message>
        <source>The step before</source>
        <translation>上一个步骤</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>下一步</translation>
    </message>
    <message>
        <source>End the tour</source>
        <translation>结束导览</translation>
    </message>
    <message>
        <source>Go to the next step</source>
        <translation>前往下一个步骤</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Close the tour; Help → Getting started opens it again</source>
        <translation>关闭导览；“帮助 → 入门”可再次打开</translation>
    </message>
</context>
<context>
    <name>HelpDialog</name>
    <message>
        <source>GenAug Studio user guide</source>
        <translation>GenAug Studio 用户指南</translation>
    </message>
    <message>
        <source>Topics of the guide</source>
        <translation>指南的主题</translation>
    </message>
</context>
<context>
    <name>LossPlot</name>
    <message>
        <source>loss/D</source>
        <translation>损失/D</translation>
    </message>
    <message>
        <source>loss/G</source>
        <translation>损失/G</translation>
    </message>
    <message>
        <source>loss/VAE</source>
        <translation>损失/VAE</translation>
    </message>
    <message>
        <source>mode seeking</source>
        <translation>模式寻求</translation>
    </message>
    <message>
        <source>LeCam</source>
        <translation>LeCam 正则项</translation>
    </message>
    <message>
        <source>ADA p</source>
        <translation>ADA 概率 p</translation>
    </message>
    <message>
        <source>KL</source>
        <translation>KL</translation>
    </message>
    <message>
        <source>reconstruction</source>
        <translation>重建</translation>
    </message>
    <message>
        <source>step</source>
        <translation>步数</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>损失</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <source>Folder not found</source>
        <translation>找不到文件夹</translation>
    </message>
    <message>
        <source>The dataset folder {0} is not there any more.</source>
        <translation>数据集文件夹 {0} 已不存在。</translation>
    </message>
    <message>
        <source>It was removed from the recent datasets. Open another folder.</source>
        <translation>已将它从最近的数据集中移除。请打开其他文件夹。</translation>
    </message>
    <message>
        <source>Copied: {0}</source>
        <translation>已复制：{0}</translation>
    </message>
    <message>
        <source>Logs folder: {0}</source>
        <translation>日志文件夹：{0}</translation>
    </message>
    <message>
        <source>About GenAug Studio</source>
        <translation>关于 GenAug Studio</translation>
    </message>
    <message>
        <source>&lt;b&gt;GenAug Studio {0}&lt;/b&gt;&lt;p&gt;Train a class-conditional generative model on a small image folder and export an augmented dataset. Runs offline.&lt;/p&gt;&lt;p&gt;Built-in sample: 2,200 MNIST handwritten digits (LeCun, Cortes and Burges), CC BY-SA 3.0.&lt;/p&gt;</source>
        <translation>&lt;b&gt;GenAug Studio {0}&lt;/b&gt;&lt;p&gt;在小规模图像文件夹上训练类别条件生成模型，并导出扩充后的数据集。完全离线运行。&lt;/p&gt;&lt;p&gt;内置示例：2,200 张 MNIST 手写数字（LeCun、Cortes 和 Burges），CC BY-SA 3.0。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Workspace: {0}; training threads: {1}</source>
        <translation>工作区：{0}；训练线程数：{1}</translation>
    </message>
    <message>
        <source>Language not changed</source>
        <translation>语言未更改</translation>
    </message>
    <message>
        <source>Untitled</source>
        <translation>未命名</translation>
    </message>
    <message>
        <source>{0}[*] — GenAug Studio</source>
        <translation>{0}[*] — GenAug Studio</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>Evaluation</source>
        <translation>评估</translation>
    </message>
    <message>
        <source>{0} finished</source>
        <translation>{0}已完成</translation>
    </message>
    <message>
        <source>{0} stopped</source>
        <translation>{0}已停止</translation>
    </message>
    <message>
        <source>{0} failed</source>
        <translation>{0}失败</translation>
    </message>
    <message>
        <source>{0} ended</source>
        <translation>{0}已结束</translation>
    </message>
</context>
<context>
    <name>MetricHelp</name>
    <message>
        <source>&lt;b&gt;Gain&lt;/b&gt;: accuracy of a classifier trained on real + synthetic images minus that of one trained on real images only, on held-out real images, in percentage points. Shown as mean ± spread over seeds; a gain within its spread is not called a gain.</source>
        <translation>&lt;b&gt;提升&lt;/b&gt;：在留出的真实图像上，用真实 + 合成图像训练的分类器的准确率减去只用真实图像训练的分类器的准确率，以百分点表示。显示为各种子的均值 ± 波动；在波动范围内的提升不算作提升。</translation>
    </message>
    <message>
        <source>&lt;b&gt;± spread&lt;/b&gt;: the standard deviation of the figure over the classifier seeds: how much it moves when only chance changes. More seeds make it smaller.</source>
        <translation>&lt;b&gt;± 波动&lt;/b&gt;：该数值在各分类器种子之间的标准差：只有随机性变化时它会变动多少。种子越多，波动越小。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Real only&lt;/b&gt;: the baseline, a classifier trained on the training split alone.</source>
        <translation>&lt;b&gt;仅真实数据&lt;/b&gt;：基线，只用训练集训练的分类器。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Synthetic only (CAS)&lt;/b&gt;: the classification accuracy score, a classifier trained on generated images only and tested on real ones. It shows how much of each class the model has learned.</source>
        <translation>&lt;b&gt;仅合成数据 (CAS)&lt;/b&gt;：分类准确率得分，只用生成图像训练、在真实图像上测试的分类器。它表明模型对每个类别学到了多少。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Fréchet distance&lt;/b&gt; between generated and real images on the features of a classifier trained here (lower is better). Not comparable with FID from other tools.</source>
        <translation>生成图像与真实图像之间的 &lt;b&gt;Fréchet 距离&lt;/b&gt;，在本地训练的分类器的特征上计算（越低越好）。不能与其他工具的 FID 直接比较。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Judge accuracy&lt;/b&gt;: how often a classifier trained on real images sees the intended class in the generated ones.</source>
        <translation>&lt;b&gt;评判准确率&lt;/b&gt;：用真实图像训练的分类器在生成图像中识别出目标类别的比例。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Memorisation&lt;/b&gt;: generated images that are near-copies of a training image. Export can leave them out.</source>
        <translation>&lt;b&gt;记忆化&lt;/b&gt;：与某张训练图像几乎相同的生成图像。导出时可以排除它们。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Judge confidence filter&lt;/b&gt;: keeps only the generated images that the judge classifier gives their class with at least this probability.</source>
        <translation>&lt;b&gt;评判置信度过滤&lt;/b&gt;：只保留评判分类器判给其类别的概率不低于此值的生成图像。</translation>
    </message>
</context>
<context>
    <name>ModelOptions</name>
    <message>
        <source>Shift</source>
        <translation>平移</translation>
    </message>
    <message>
        <source>Move images by up to 1/8 of their size (real and fake alike)</source>
        <translation>把图像平移最多其尺寸的 1/8（真实图像和生成图像都做）</translation>
    </message>
    <message>
        <source>Cutout</source>
        <translation>遮挡 (Cutout)</translation>
    </message>
    <message>
        <source>Blank a square of half the image size at a random place</source>
        <translation>在随机位置遮掉一个边长为图像一半的正方形</translation>
    </message>
    <message>
        <source>Colour</source>
        <translation>颜色</translation>
    </message>
    <message>
        <source>Random brightness, saturation and contrast (RGB images only)</source>
        <translation>随机亮度、饱和度和对比度（仅 RGB 图像）</translation>
    </message>
    <message>
        <source>GAN recipe (small data)</source>
        <translation>GAN 配方（小数据）</translation>
    </message>
    <message>
        <source>Hinge (Lim &amp; Ye 2017)</source>
        <translation>铰链损失 (Lim &amp; Ye 2017)</translation>
    </message>
    <message>
        <source>Non-saturating (Goodfellow et al. 2014)</source>
        <translation>非饱和损失 (Goodfellow et al. 2014)</translation>
    </message>
    <message>
        <source>The adversarial loss. Hinge stops pushing samples that are already judged well; non-saturating is the original GAN loss</source>
        <translation>对抗损失。铰链损失不再推动已被判为真的样本；非饱和损失是原始 GAN 损失</translation>
    </message>
    <message>
        <source>Spectral normalisation in the discriminator</source>
        <translation>判别器使用谱归一化</translation>
    </message>
    <message>
        <source>Bounds how sharply the discriminator can change (Miyato et al. 2018): steadier training, but on short runs fewer poses per class</source>
        <translation>限制判别器变化的剧烈程度 (Miyato et al. 2018)：训练更稳定，但短时间训练时每个类别的姿态更少</translation>
    </message>
    <message>
        <source>DiffAugment (Zhao et al. 2020): {what}. Applied to what the discriminator sees, so it cannot memorise a few hundred images</source>
        <translation>可微数据增强 DiffAugment (Zhao et al. 2020)：{what}。作用于判别器看到的图像，使它无法记住区区几百张图像</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Samples come from a moving average of the generator&apos;s weights, which is smoother; 0.999 averages over about 1,000 steps (with a warm-up, so short runs work too)</source>
        <translation>样本来自生成器权重的滑动平均，效果更平滑；0.999 大约平均 1,000 步（带预热，短时间训练也适用）</translation>
    </message>
    <message>
        <source>Diversity term (MSGAN, Mao et al. 2019): pushes two noise vectors of one class to different images, against collapse onto one or two poses per class</source>
        <translation>多样性项 (MSGAN, Mao et al. 2019)：促使同一类别的两个噪声向量生成不同的图像，防止每个类别坍缩到一两种姿态</translation>
    </message>
    <message>
        <source>VAE</source>
        <translation>VAE</translation>
    </message>
    <message>
        <source>Steps over which the KL weight rises from 0 to 1, so the decoder learns to use the latent code before the prior pulls it in (Bowman et al. 2016)</source>
        <translation>KL 权重从 0 升到 1 所用的步数，让解码器在先验约束生效之前学会利用潜在编码 (Bowman et al. 2016)</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>损失函数</translation>
    </message>
    <message>
        <source>Augment</source>
        <translation>数据增强</translation>
    </message>
    <message>
        <source>Average (EMA)</source>
        <translation>滑动平均 (EMA)</translation>
    </message>
    <message>
        <source>Diversity</source>
        <translation>多样性</translation>
    </message>
    <message>
        <source>KL warm-up steps</source>
        <translation>KL 预热步数</translation>
    </message>
</context>
<context>
    <name>ModelPanel</name>
    <message>
        <source>Conditional GAN</source>
        <translation>条件 GAN</translation>
    </message>
    <message>
        <source>A generator and a critic trained against each other: sharp samples; needs more steps and can be unstable on very small data.</source>
        <translation>生成器与判别器相互对抗训练：样本清晰；需要更多步数，在极小的数据上可能不稳定。</translation>
    </message>
    <message>
        <source>Conditional VAE</source>
        <translation>条件 VAE</translation>
    </message>
    <message>
        <source>An encoder-decoder that learns to rebuild images: stable and fast to train; samples are smoother (blurrier).</source>
        <translation>学习重建图像的编码器-解码器：训练稳定且快；样本更平滑（更模糊）。</translation>
    </message>
    <message>
        <source>Automatic (GPU if there is one)</source>
        <translation>自动（有 GPU 就用 GPU）</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>CUDA GPU</source>
        <translation>CUDA GPU</translation>
    </message>
    <message>
        <source>Fast</source>
        <translation>快速</translation>
    </message>
    <message>
        <source>Balanced</source>
        <translation>均衡</translation>
    </message>
    <message>
        <source>Quality</source>
        <translation>高质量</translation>
    </message>
    <message>
        <source>A quick look: small networks, few steps.</source>
        <translation>快速预览：小网络，少步数。</translation>
    </message>
    <message>
        <source>The default on a CPU: useful synthetic data in minutes.</source>
        <translation>CPU 上的默认选项：几分钟内得到有用的合成数据。</translation>
    </message>
    <message>
        <source>Wider networks and more steps: for a GPU or a long run.</source>
        <translation>更宽的网络、更多步数：适合 GPU 或长时间训练。</translation>
    </message>
    <message>
        <source>Image size</source>
        <translation>图像尺寸</translation>
    </message>
    <message>
        <source>Latent size</source>
        <translation>潜变量维度</translation>
    </message>
    <message>
        <source>Width</source>
        <translation>网络宽度</translation>
    </message>
    <message>
        <source>Budget</source>
        <translation>训练预算</translation>
    </message>
    <message>
        <source>Batch size</source>
        <translation>批大小</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>种子</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>{title} ({name})</source>
        <translation>{title} ({name})</translation>
    </message>
    <message>
        <source>The family of generative model to train</source>
        <translation>要训练的生成模型类型</translation>
    </message>
    <message>
        <source>{size} × {size} px</source>
        <translation>{size} × {size} px</translation>
    </message>
    <message>
        <source>Automatic (the images&apos; own size, at most 64 px)</source>
        <translation>自动（图像自身的尺寸，最大 64 px）</translation>
    </message>
    <message>
        <source>Images are resized (and centre-cropped) to this square size; changing it reloads the dataset. Bigger is slower.</source>
        <translation>图像被缩放（并中心裁剪）到这个正方形尺寸；修改后会重新加载数据集。尺寸越大越慢。</translation>
    </message>
    <message>
        <source>Length of the random noise vector z each image starts from; more gives the model more room for variety</source>
        <translation>每张图像起始的随机噪声向量 z 的长度；越长，模型生成多样化图像的空间越大</translation>
    </message>
    <message>
        <source>Base number of feature maps: the model&apos;s capacity; time per step grows roughly with its square. Automatic: 32 up to 16 px, else 64</source>
        <translation>特征图的基础数量，即模型容量；每步耗时大致随其平方增长。自动：16 px 及以下为 32，否则为 64</translation>
    </message>
    <message>
        <source>Automatic</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>Images per optimisation step; small data trains best with small batches</source>
        <translation>每个优化步的图像数；小数据用小批量训练效果最好</translation>
    </message>
    <message>
        <source>Steps</source>
        <translation>步数</translation>
    </message>
    <message>
        <source>Budget the run in optimisation steps</source>
        <translation>按优化步数设定训练预算</translation>
    </message>
    <message>
        <source>Minutes</source>
        <translation>分钟</translation>
    </message>
    <message>
        <source>Budget the run in minutes of wall-clock time</source>
        <translation>按实际耗时（分钟）设定训练预算</translation>
    </message>
    <message>
        <source>Number of optimisation steps to train for</source>
        <translation>要训练的优化步数</translation>
    </message>
    <message>
        <source>Train for this much wall-clock time instead of a step count</source>
        <translation>按这么长的实际时间训练，而不是按步数</translation>
    </message>
    <message>
        <source>Model default</source>
        <translation>模型默认值</translation>
    </message>
    <message>
        <source>Adam learning rate; 0 = the model&apos;s default (5e-4 for the GAN, 1e-3 for the VAE). The presets set 1e-3 with beta1 = 0 for the GAN</source>
        <translation>Adam 学习率；0 表示模型默认值（GAN 为 5e-4，VAE 为 1e-3）。预设为 GAN 设置 1e-3，且 β1 = 0</translation>
    </message>
    <message>
        <source>Seeds weights, batches and noise: the same seed repeats the same run on the CPU</source>
        <translation>决定权重初始化、批次和噪声：在 CPU 上相同的种子会重现同样的运行</translation>
    </message>
    <message>
        <source>Where to train; Automatic picks a GPU when one is present</source>
        <translation>在哪里训练；“自动”在有 GPU 时选用 GPU</translation>
    </message>
    <message>
        <source>Automatic (from the data and the device)</source>
        <translation>自动（根据数据和设备）</translation>
    </message>
    <message>
        <source>{name}: {help}</source>
        <translation>{name}：{help}</translation>
    </message>
    <message>
        <source>Sets the model size and the training budget; every setting below stays editable</source>
        <translation>设置模型大小和训练预算；下面的每项设置仍可修改</translation>
    </message>
    <message>
        <source>Apply preset</source>
        <translation>应用预设</translation>
    </message>
    <message>
        <source>Apply the chosen preset to the settings below, then measure its speed</source>
        <translation>把所选预设应用到下面的设置，然后测量速度</translation>
    </message>
    <message>
        <source>Measure speed</source>
        <translation>测量速度</translation>
    </message>
    <message>
        <source>Run a few real training steps of these settings on this device and estimate the time per 1,000 steps</source>
        <translation>在本设备上按这些设置实际训练几步，估算每 1,000 步的耗时</translation>
    </message>
    <message>
        <source>Save config…</source>
        <translation>保存配置…</translation>
    </message>
    <message>
        <source>Save the model and training settings as a TOML file</source>
        <translation>把模型和训练设置保存为 TOML 文件</translation>
    </message>
    <message>
        <source>Load config…</source>
        <translation>加载配置…</translation>
    </message>
    <message>
        <source>Load model and training settings from a TOML file; the loaded dataset stays</source>
        <translation>从 TOML 文件加载模型和训练设置；已加载的数据集保持不变</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>Preset &apos;{name}&apos; applied automatically, from the data and the device</source>
        <translation>已根据数据和设备自动应用预设“{name}”</translation>
    </message>
    <message>
        <source>Preset &apos;{name}&apos; applied</source>
        <translation>已应用预设“{name}”</translation>
    </message>
    <message>
        <source>Time per 1,000 steps: measuring…</source>
        <translation>每 1,000 步耗时：正在测量…</translation>
    </message>
    <message>
        <source>Time per 1,000 steps: not measured yet</source>
        <translation>每 1,000 步耗时：尚未测量</translation>
    </message>
    <message>
        <source>; this budget: about {time}</source>
        <translation>；按此预算：约 {time}</translation>
    </message>
    <message>
        <source>Time per 1,000 steps on this device: about {time}{total}</source>
        <translation>本设备上每 1,000 步耗时：约 {time}{total}</translation>
    </message>
    <message>
        <source>Save config</source>
        <translation>保存配置</translation>
    </message>
    <message>
        <source>TOML files (*.toml)</source>
        <translation>TOML 文件 (*.toml)</translation>
    </message>
    <message>
        <source>Could not save {path}: {reason}</source>
        <translation>无法保存 {path}：{reason}</translation>
    </message>
    <message>
        <source>Load config</source>
        <translation>加载配置</translation>
    </message>
    <message>
        <source>Could not read {path}: {reason}</source>
        <translation>无法读取 {path}：{reason}</translation>
    </message>
</context>
<context>
    <name>Panel</name>
    <message>
        <source>Cannot load dataset</source>
        <translation>无法加载数据集</translation>
    </message>
    <message>
        <source>Evaluation failed</source>
        <translation>评估失败</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
    <message>
        <source>Gallery</source>
        <translation>图库</translation>
    </message>
    <message>
        <source>Training stopped</source>
        <translation>训练已停止</translation>
    </message>
</context>
<context>
    <name>PreferencesDialog</name>
    <message>
        <source>Preferences</source>
        <translation>首选项</translation>
    </message>
    <message>
        <source>&amp;Workspace folder</source>
        <translation>工作区文件夹(&amp;W)</translation>
    </message>
    <message>
        <source>&amp;Device</source>
        <translation>设备(&amp;D)</translation>
    </message>
    <message>
        <source>CPU &amp;threads for training</source>
        <translation>训练用 CPU 线程数(&amp;T)</translation>
    </message>
    <message>
        <source>T&amp;heme</source>
        <translation>主题(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>New runs are saved here, and the Runs list shows the runs found here</source>
        <translation>新的运行保存在这里，“运行记录”列出这里的运行</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Choose the workspace folder</source>
        <translation>选择工作区文件夹</translation>
    </message>
    <message>
        <source>Default</source>
        <translation>默认</translation>
    </message>
    <message>
        <source>Use the default folder: {0}</source>
        <translation>使用默认文件夹：{0}</translation>
    </message>
    <message>
        <source>Where training and evaluation run. A GPU is much faster; its memory limits the batch size</source>
        <translation>训练和评估在哪里运行。GPU 快得多；它的显存限制批大小</translation>
    </message>
    <message>
        <source>Automatic (the first GPU if there is one, else the CPU)</source>
        <translation>自动（有 GPU 时用第一块 GPU，否则用 CPU）</translation>
    </message>
    <message>
        <source>CPU ({0} cores)</source>
        <translation>CPU（{0} 核）</translation>
    </message>
    <message>
        <source>Auto ({0}: every core but one)</source>
        <translation>自动（{0}：留出一个核心，其余全用）</translation>
    </message>
    <message>
        <source>{0}  (every core)</source>
        <translation>{0}（全部核心）</translation>
    </message>
    <message>
        <source>More threads train faster on an idle machine, but the window reacts later and training slows sharply when another program needs a core</source>
        <translation>在空闲的机器上线程越多训练越快，但窗口响应会变慢，而且当其他程序需要 CPU 核心时训练会明显变慢</translation>
    </message>
    <message>
        <source>Follow the system</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>浅色</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>深色</translation>
    </message>
    <message>
        <source>Colours of the window and the plots</source>
        <translation>窗口和图表的配色</translation>
    </message>
    <message>
        <source>The language of the interface and the user guide; it changes at once, nothing is lost</source>
        <translation>界面和用户指南的语言；立即切换，不会丢失任何内容</translation>
    </message>
    <message>
        <source>Device and threads apply to the next training run; theme and language apply at once.</source>
        <translation>设备和线程数在下一次训练时生效；主题和语言立即生效。</translation>
    </message>
    <message>
        <source>Workspace folder</source>
        <translation>工作区文件夹</translation>
    </message>
</context>
<context>
    <name>ProjectSession</name>
    <message>
        <source>Untitled</source>
        <translation>未命名</translation>
    </message>
    <message>
        <source>Save project</source>
        <translation>保存项目</translation>
    </message>
    <message>
        <source>GenAug Studio projects (*{0})</source>
        <translation>GenAug Studio 项目 (*{0})</translation>
    </message>
    <message>
        <source>Project not saved</source>
        <translation>项目未保存</translation>
    </message>
    <message>
        <source>Project saved: {0}</source>
        <translation>项目已保存：{0}</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>未保存的修改</translation>
    </message>
    <message>
        <source>The project “{0}” has changes that are not saved. Save them first?</source>
        <translation>项目“{0}”有未保存的修改。先保存吗？</translation>
    </message>
    <message>
        <source>Open project</source>
        <translation>打开项目</translation>
    </message>
    <message>
        <source>Cannot open the project</source>
        <translation>无法打开项目</translation>
    </message>
    <message>
        <source>{0}: {1}</source>
        <translation>{0}：{1}</translation>
    </message>
    <message>
        <source>The project&apos;s run {0} is not found: train again or open another from Runs</source>
        <translation>找不到项目的运行 {0}：请重新训练，或在“运行记录”中打开另一个</translation>
    </message>
    <message>
        <source>Project opened: {0}</source>
        <translation>项目已打开：{0}</translation>
    </message>
    <message>
        <source>Busy</source>
        <translation>忙碌中</translation>
    </message>
    <message>
        <source>Stop the training (or wait for the project to open) first.</source>
        <translation>请先停止训练（或等待项目打开）。</translation>
    </message>
    <message>
        <source>The dataset folder is not found: {0}</source>
        <translation>找不到数据集文件夹：{0}</translation>
    </message>
    <message>
        <source>A dataset is being loaded: wait for it to finish, then try again</source>
        <translation>正在加载数据集：请等待加载完成后再试</translation>
    </message>
    <message>
        <source>The dataset {0} could not be loaded</source>
        <translation>无法加载数据集 {0}</translation>
    </message>
</context>
<context>
    <name>QualityPlot</name>
    <message>
        <source>step</source>
        <translation>步数</translation>
    </message>
    <message>
        <source>Fréchet distance ↓</source>
        <translation>Fréchet 距离 ↓</translation>
    </message>
    <message>
        <source>label agreement % ↑</source>
        <translation>标签一致率 % ↑</translation>
    </message>
</context>
<context>
    <name>RunOpener</name>
    <message>
        <source>Opened run {0}: Gallery, Evaluate and Export use it</source>
        <translation>已打开运行 {0}：图库、评估和导出将使用它</translation>
    </message>
    <message>
        <source>A run is already training: stop it before continuing another</source>
        <translation>已有一个运行正在训练：请先停止它，再继续另一个</translation>
    </message>
    <message>
        <source>A dataset is being loaded: wait for it to finish, then try again</source>
        <translation>正在加载数据集：请等待加载完成后再试</translation>
    </message>
</context>
<context>
    <name>RunsPanel</name>
    <message>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Steps</source>
        <translation>步数</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Last update</source>
        <translation>最后更新</translation>
    </message>
    <message>
        <source>Change…</source>
        <translation>更改…</translation>
    </message>
    <message>
        <source>Choose the workspace folder in Preferences</source>
        <translation>在“首选项”中选择工作区文件夹</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Read the workspace folder again</source>
        <translation>重新读取工作区文件夹</translation>
    </message>
    <message>
        <source>Workspace:</source>
        <translation>工作区：</translation>
    </message>
    <message>
        <source>The folder where new runs are saved</source>
        <translation>新运行保存到的文件夹</translation>
    </message>
    <message>
        <source>The runs of the workspace, most recently updated first; double-click one to open it</source>
        <translation>工作区中的运行，最近更新的在前；双击打开</translation>
    </message>
    <message>
        <source>No runs in this workspace yet: train one in step 3, Train.</source>
        <translation>此工作区还没有运行：请在第 3 步“训练”中训练一个。</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <source>Use this run in Gallery and Export without training again; its settings go to Model and its dataset is loaded</source>
        <translation>在图库和导出中使用此运行，无需重新训练；它的设置会填入“模型”，并加载它的数据集</translation>
    </message>
    <message>
        <source>Continue training</source>
        <translation>继续训练</translation>
    </message>
    <message>
        <source>Train this unfinished run on from its newest checkpoint, on the same data, up to its budget</source>
        <translation>从最新检查点开始，在相同数据上继续训练这个未完成的运行，直到用完它的预算</translation>
    </message>
    <message>
        <source>Rename…</source>
        <translation>重命名…</translation>
    </message>
    <message>
        <source>Give the run folder a new name</source>
        <translation>给运行文件夹起一个新名字</translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation>删除…</translation>
    </message>
    <message>
        <source>Delete the run folder with its checkpoints (asks first)</source>
        <translation>删除运行文件夹及其检查点（会先确认）</translation>
    </message>
    <message>
        <source>Cannot rename {run} while it trains: stop it first (Train)</source>
        <translation>{run} 正在训练，无法重命名：请先停止它（“训练”页）</translation>
    </message>
    <message>
        <source>Rename run</source>
        <translation>重命名运行</translation>
    </message>
    <message>
        <source>New name for {run}:</source>
        <translation>{run} 的新名称：</translation>
    </message>
    <message>
        <source>Renamed run {old} to {new}</source>
        <translation>已把运行 {old} 重命名为 {new}</translation>
    </message>
    <message>
        <source>Cannot delete {run} while it trains: stop it first (Train)</source>
        <translation>{run} 正在训练，无法删除：请先停止它（“训练”页）</translation>
    </message>
    <message>
        <source>Delete run</source>
        <translation>删除运行</translation>
    </message>
    <message>
        <source>Delete the run {run} and everything in its folder (checkpoints, samples, metrics, log)?

{path}

This cannot be undone.</source>
        <translation>删除运行 {run} 及其文件夹中的全部内容（检查点、样本、指标、日志）？

{path}

此操作无法撤销。</translation>
    </message>
    <message>
        <source>Deleted run {run}</source>
        <translation>已删除运行 {run}</translation>
    </message>
    <message>
        <source>Training…</source>
        <translation>训练中…</translation>
    </message>
    <message>
        <source>Finished</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>Unfinished</source>
        <translation>未完成</translation>
    </message>
    <message>
        <source>No checkpoint</source>
        <translation>无检查点</translation>
    </message>
    <message>
        <source> · open</source>
        <translation> · 已打开</translation>
    </message>
    <message>
        <source>Select a run to open it in Gallery and Export, or to continue an unfinished one.</source>
        <translation>选择一个运行，在图库和导出中打开它，或继续训练未完成的运行。</translation>
    </message>
    <message>
        <source>{steps} steps</source>
        <translation>{steps} 步</translation>
    </message>
    <message>
        <source>a time budget</source>
        <translation>时间预算</translation>
    </message>
    <message>
        <source>{path}   ·   {model}, step {step} of {budget}</source>
        <translation>{path}   ·   {model}，第 {step} 步，共 {budget}</translation>
    </message>
</context>
<context>
    <name>SampleInspector</name>
    <message>
        <source>Select an image</source>
        <translation>请选择一张图像</translation>
    </message>
    <message>
        <source>The selected generated image, enlarged</source>
        <translation>所选生成图像的放大视图</translation>
    </message>
    <message>
        <source>The training image closest to it in pixels: a copy would look the same</source>
        <translation>按像素最接近它的训练图像：如果是副本，两者看起来会一样</translation>
    </message>
    <message>
        <source>Sample</source>
        <translation>样本</translation>
    </message>
    <message>
        <source>Nearest training image</source>
        <translation>最近的训练图像</translation>
    </message>
    <message>
        <source>Selected image</source>
        <translation>所选图像</translation>
    </message>
    <message>
        <source>Seed of the first image of the morph</source>
        <translation>渐变第一张图像的种子</translation>
    </message>
    <message>
        <source>Seed of the last image of the morph</source>
        <translation>渐变最后一张图像的种子</translation>
    </message>
    <message>
        <source>Images in the morph, both ends included</source>
        <translation>渐变中的图像数（含两端）</translation>
    </message>
    <message>
        <source>Interpolate</source>
        <translation>插值</translation>
    </message>
    <message>
        <source>Morph seed A&apos;s image into seed B&apos;s within the shown class (select two images to fill both seeds)</source>
        <translation>在当前类别内，把种子 A 的图像渐变为种子 B 的图像（选中两张图像即可填入两个种子）</translation>
    </message>
    <message>
        <source>Pick two seeds and press Interpolate</source>
        <translation>选择两个种子，然后点击“插值”</translation>
    </message>
    <message>
        <source>The morph from seed A (left) to seed B (right)</source>
        <translation>从种子 A（左）到种子 B（右）的渐变</translation>
    </message>
    <message>
        <source>Seeds</source>
        <translation>种子</translation>
    </message>
    <message>
        <source>Steps</source>
        <translation>步数</translation>
    </message>
    <message>
        <source>Interpolation</source>
        <translation>插值</translation>
    </message>
    <message>
        <source>seed {seed} · rejected</source>
        <translation>种子 {seed} · 已剔除</translation>
    </message>
    <message>
        <source>seed {seed}</source>
        <translation>种子 {seed}</translation>
    </message>
    <message>
        <source>Training images not loaded</source>
        <translation>训练图像尚未加载</translation>
    </message>
    <message>
        <source>sample #{index}</source>
        <translation>示例 #{index}</translation>
    </message>
    <message>
        <source>{file}, class {name}
RMS distance {distance}: a copy</source>
        <translation>{file}，类别 {name}
RMS 距离 {distance}：是副本</translation>
    </message>
    <message>
        <source>{file}, class {name}
RMS distance {distance}: not a copy</source>
        <translation>{file}，类别 {name}
RMS 距离 {distance}：不是副本</translation>
    </message>
</context>
<context>
    <name>StartWindow</name>
    <message>
        <source>Loading the engine (PyTorch)…</source>
        <translation>正在加载引擎（PyTorch）…</translation>
    </message>
</context>
<context>
    <name>StepSidebar</name>
    <message>
        <source>Data</source>
        <translation>数据</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Train</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>Gallery</source>
        <translation>图库</translation>
    </message>
    <message>
        <source>Evaluate</source>
        <translation>评估</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Runs</source>
        <translation>运行记录</translation>
    </message>
    <message>
        <source>Step {0}: {1} (Ctrl+{0})</source>
        <translation>第 {0} 步：{1} (Ctrl+{0})</translation>
    </message>
    <message>
        <source>The runs of the workspace (Ctrl+7)</source>
        <translation>工作区中的运行 (Ctrl+7)</translation>
    </message>
    <message>
        <source>The steps, in order; Ctrl+Page Down goes to the next one</source>
        <translation>按顺序排列的步骤；Ctrl+Page Down 前往下一步</translation>
    </message>
</context>
<context>
    <name>ThumbnailDelegate</name>
    <message>
        <source>copy</source>
        <translation>副本</translation>
    </message>
</context>
<context>
    <name>ThumbnailModel</name>
    <message>
        <source>seed {seed} (rejected)</source>
        <translation>种子 {seed}（已剔除）</translation>
    </message>
    <message>
        <source>seed {seed}</source>
        <translation>种子 {seed}</translation>
    </message>
    <message>
        <source>, flagged as a copy of a training image</source>
        <translation>，被标记为训练图像的副本</translation>
    </message>
</context>
<context>
    <name>TrainPanel</name>
    <message>
        <source>Ready: press Start to train on the loaded dataset</source>
        <translation>就绪：点击“开始训练”，在已加载的数据集上训练</translation>
    </message>
    <message>
        <source>Start training</source>
        <translation>开始训练</translation>
    </message>
    <message>
        <source>Train the model chosen in Model on the training split, into a new run folder</source>
        <translation>在训练集上训练“模型”中选择的模型，结果保存到新的运行文件夹</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>End the run after the current step; it is saved as it is and can be continued from Runs</source>
        <translation>在当前步结束后终止运行；它会按当前状态保存，之后可在“运行记录”中继续</translation>
    </message>
    <message>
        <source>Hold the run after the current step; press again to go on. Paused time does not count against a time budget.</source>
        <translation>在当前步结束后暂停运行；再次点击继续。暂停时间不计入时间预算。</translation>
    </message>
    <message>
        <source>How far the run is through its budget</source>
        <translation>运行已用掉的预算比例</translation>
    </message>
    <message>
        <source>Every few steps: Fréchet distance of the samples to the training images and how often a judge classifier sees the intended class</source>
        <translation>每隔几步：样本与训练图像的 Fréchet 距离，以及评判分类器识别出目标类别的比例</translation>
    </message>
    <message>
        <source>Samples appear here during training</source>
        <translation>训练期间样本会显示在这里</translation>
    </message>
    <message>
        <source>The same noise every time: watch each class take shape</source>
        <translation>每次使用相同的噪声：看着每个类别逐渐成形</translation>
    </message>
    <message>
        <source>Losses</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>Samples from fixed noise (one row per class)</source>
        <translation>固定噪声生成的样本（每个类别一行）</translation>
    </message>
    <message>
        <source>No dataset</source>
        <translation>没有数据集</translation>
    </message>
    <message>
        <source>Load a dataset first (step 1, Data).</source>
        <translation>请先加载数据集（第 1 步“数据”）。</translation>
    </message>
    <message>
        <source>The dataset is being reloaded at the new image size; start again when it is ready.</source>
        <translation>正在按新的图像尺寸重新加载数据集；加载完成后再开始。</translation>
    </message>
    <message>
        <source>A run is already training: stop it before continuing another</source>
        <translation>已有一个运行正在训练：请先停止它，再继续另一个</translation>
    </message>
    <message>
        <source>Load the run&apos;s dataset first (step 1, Data)</source>
        <translation>请先加载该运行的数据集（第 1 步“数据”）</translation>
    </message>
    <message>
        <source>Run on a cluster…</source>
        <translation>在集群上运行…</translation>
    </message>
    <message>
        <source>Write this run&apos;s folder and get the torchrun command that trains it on several GPUs or machines</source>
        <translation>写出此运行的文件夹，并获取在多块 GPU 或多台机器上训练它的 torchrun 命令</translation>
    </message>
    <message>
        <source>Continuing: {count} training images…</source>
        <translation>继续训练：{count} 张训练图像…</translation>
    </message>
    <message>
        <source>Starting: {count} training images…</source>
        <translation>开始训练：{count} 张训练图像…</translation>
    </message>
    <message>
        <source>Run folder: {path}</source>
        <translation>运行文件夹：{path}</translation>
    </message>
    <message>
        <source>Continuing {model} in {run} on {count} images, {threads} CPU thread(s)</source>
        <translation>在 {run} 中继续训练 {model}，{count} 张图像，{threads} 个 CPU 线程</translation>
    </message>
    <message>
        <source>Starting {model} in {run} on {count} images, {threads} CPU thread(s)</source>
        <translation>在 {run} 中开始训练 {model}，{count} 张图像，{threads} 个 CPU 线程</translation>
    </message>
    <message>
        <source>Continuing training {model} in {run}</source>
        <translation>正在 {run} 中继续训练 {model}</translation>
    </message>
    <message>
        <source>Starting training {model} in {run}</source>
        <translation>正在 {run} 中开始训练 {model}</translation>
    </message>
    <message>
        <source>Stopping after the current step…</source>
        <translation>将在当前步结束后停止…</translation>
    </message>
    <message>
        <source>Error: {message}</source>
        <translation>错误：{message}</translation>
    </message>
    <message>
        <source>Training stopped: {message}</source>
        <translation>训练已停止：{message}</translation>
    </message>
    <message>
        <source>Step {step}: {event}</source>
        <translation>第 {step} 步：{event}</translation>
    </message>
    <message>
        <source>Training: step {step}</source>
        <translation>训练中：第 {step} 步</translation>
    </message>
    <message>
        <source>Paused at step {step}: press Continue to go on</source>
        <translation>已在第 {step} 步暂停：点击“继续”接着训练</translation>
    </message>
    <message>
        <source>Step {step}   ·   elapsed {elapsed}   ·   ETA {eta}   ·   {speed} images/s</source>
        <translation>第 {step} 步   ·   已用 {elapsed}   ·   预计剩余 {eta}   ·   {speed} 张/秒</translation>
    </message>
    <message>
        <source>Stopped at step {step} after {time} ({speed} images/s). Look at the results in Gallery.</source>
        <translation>在第 {step} 步停止，用时 {time}（{speed} 张/秒）。请在“图库”中查看结果。</translation>
    </message>
    <message>
        <source>Finished at step {step} after {time} ({speed} images/s). Look at the results in Gallery.</source>
        <translation>在第 {step} 步完成，用时 {time}（{speed} 张/秒）。请在“图库”中查看结果。</translation>
    </message>
    <message>
        <source>Stopped at step {step}; checkpoint {file} (continue it from Runs)</source>
        <translation>在第 {step} 步停止；检查点 {file}（可在“运行记录”中继续）</translation>
    </message>
    <message>
        <source>Finished at step {step}; checkpoint {file}</source>
        <translation>在第 {step} 步完成；检查点 {file}</translation>
    </message>
    <message>
        <source>Stopped training at step {step}</source>
        <translation>训练在第 {step} 步停止</translation>
    </message>
    <message>
        <source>Finished training at step {step}</source>
        <translation>训练在第 {step} 步完成</translation>
    </message>
    <message>
        <source>Training cancelled</source>
        <translation>训练已取消</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
</context>
<context>
    <name>WindowActions</name>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>运行(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>Recent &amp;projects</source>
        <translation>最近的项目(&amp;P)</translation>
    </message>
    <message>
        <source>Recent &amp;datasets</source>
        <translation>最近的数据集(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Theme</source>
        <translation>主题(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;New project</source>
        <translation>新建项目(&amp;N)</translation>
    </message>
    <message>
        <source>Start again on the built-in sample with default settings</source>
        <translation>用默认设置在内置示例上重新开始</translation>
    </message>
    <message>
        <source>&amp;Open project…</source>
        <translation>打开项目(&amp;O)…</translation>
    </message>
    <message>
        <source>Open a .genaug project: its dataset, settings, run and export settings</source>
        <translation>打开 .genaug 项目：它的数据集、设置、运行和导出设置</translation>
    </message>
    <message>
        <source>Projects opened or saved lately</source>
        <translation>最近打开或保存的项目</translation>
    </message>
    <message>
        <source>&amp;Save project</source>
        <translation>保存项目(&amp;S)</translation>
    </message>
    <message>
        <source>Save where you are to the project file</source>
        <translation>把当前进度保存到项目文件</translation>
    </message>
    <message>
        <source>Save project &amp;as…</source>
        <translation>项目另存为(&amp;A)…</translation>
    </message>
    <message>
        <source>Save where you are to a new project file</source>
        <translation>把当前进度保存到新的项目文件</translation>
    </message>
    <message>
        <source>Open &amp;dataset folder…</source>
        <translation>打开数据集文件夹(&amp;D)…</translation>
    </message>
    <message>
        <source>A folder with one sub-folder per class</source>
        <translation>每个类别一个子文件夹的文件夹</translation>
    </message>
    <message>
        <source>Open the built-in &amp;sample</source>
        <translation>打开内置示例(&amp;S)</translation>
    </message>
    <message>
        <source>Handwritten digits, 10 classes</source>
        <translation>手写数字，10 个类别</translation>
    </message>
    <message>
        <source>Dataset folders loaded lately</source>
        <translation>最近加载的数据集文件夹</translation>
    </message>
    <message>
        <source>&amp;Export augmented dataset…</source>
        <translation>导出扩充数据集(&amp;E)…</translation>
    </message>
    <message>
        <source>Go to Export and write the augmented folder</source>
        <translation>前往“导出”并写出扩充后的文件夹</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>Close GenAug Studio (asks first if the project has changes)</source>
        <translation>关闭 GenAug Studio（项目有修改时会先询问）</translation>
    </message>
    <message>
        <source>&amp;Copy run folder path</source>
        <translation>复制运行文件夹路径(&amp;C)</translation>
    </message>
    <message>
        <source>Copy the folder of the run in use to the clipboard</source>
        <translation>把正在使用的运行文件夹路径复制到剪贴板</translation>
    </message>
    <message>
        <source>C&amp;lear recent lists</source>
        <translation>清除最近列表(&amp;L)</translation>
    </message>
    <message>
        <source>Forget the recent datasets and projects</source>
        <translation>清除最近的数据集和项目记录</translation>
    </message>
    <message>
        <source>&amp;Preferences…</source>
        <translation>首选项(&amp;P)…</translation>
    </message>
    <message>
        <source>Workspace, device, CPU threads, theme, language</source>
        <translation>工作区、设备、CPU 线程数、主题、语言</translation>
    </message>
    <message>
        <source>&amp;Next step</source>
        <translation>下一步(&amp;N)</translation>
    </message>
    <message>
        <source>Show the next step</source>
        <translation>显示下一个步骤</translation>
    </message>
    <message>
        <source>&amp;Previous step</source>
        <translation>上一步(&amp;P)</translation>
    </message>
    <message>
        <source>Show the step before</source>
        <translation>显示上一个步骤</translation>
    </message>
    <message>
        <source>&amp;Full screen</source>
        <translation>全屏(&amp;F)</translation>
    </message>
    <message>
        <source>Use the whole screen</source>
        <translation>使用整个屏幕</translation>
    </message>
    <message>
        <source>Follow the &amp;system</source>
        <translation>跟随系统(&amp;S)</translation>
    </message>
    <message>
        <source>Colours of the window and the plots</source>
        <translation>窗口和图表的配色</translation>
    </message>
    <message>
        <source>&amp;Light</source>
        <translation>浅色(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Dark</source>
        <translation>深色(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Start training</source>
        <translation>开始训练(&amp;S)</translation>
    </message>
    <message>
        <source>Train the model chosen in Model on the training split</source>
        <translation>在训练集上训练“模型”中选择的模型</translation>
    </message>
    <message>
        <source>&amp;Pause training</source>
        <translation>暂停训练(&amp;P)</translation>
    </message>
    <message>
        <source>Hold the run after the current step; again to go on</source>
        <translation>在当前步结束后暂停运行；再次执行则继续</translation>
    </message>
    <message>
        <source>S&amp;top training</source>
        <translation>停止训练(&amp;T)</translation>
    </message>
    <message>
        <source>End the run after the current step; it is saved and can be continued from Runs</source>
        <translation>在当前步结束后终止运行；它会被保存，之后可在“运行记录”中继续</translation>
    </message>
    <message>
        <source>&amp;Generate samples</source>
        <translation>生成样本(&amp;G)</translation>
    </message>
    <message>
        <source>Make images per class in the Gallery</source>
        <translation>在图库中按类别生成图像</translation>
    </message>
    <message>
        <source>E&amp;valuate</source>
        <translation>评估(&amp;V)</translation>
    </message>
    <message>
        <source>Measure whether the synthetic images help a classifier</source>
        <translation>衡量合成图像能否帮助分类器</translation>
    </message>
    <message>
        <source>E&amp;xport</source>
        <translation>导出(&amp;X)</translation>
    </message>
    <message>
        <source>Write the augmented dataset folder</source>
        <translation>写出扩充后的数据集文件夹</translation>
    </message>
    <message>
        <source>User &amp;guide</source>
        <translation>用户指南(&amp;G)</translation>
    </message>
    <message>
        <source>The offline user guide</source>
        <translation>离线用户指南</translation>
    </message>
    <message>
        <source>Getting &amp;started</source>
        <translation>入门(&amp;S)</translation>
    </message>
    <message>
        <source>A short guided path through the six steps</source>
        <translation>六个步骤的简短导览</translation>
    </message>
    <message>
        <source>What&apos;s &amp;this?</source>
        <translation>这是什么(&amp;T)？</translation>
    </message>
    <message>
        <source>Then click a control or a figure to learn what it means</source>
        <translation>然后点击某个控件或数值，了解它的含义</translation>
    </message>
    <message>
        <source>Open &amp;logs folder</source>
        <translation>打开日志文件夹(&amp;L)</translation>
    </message>
    <message>
        <source>The application log and crash reports</source>
        <translation>应用日志和崩溃报告</translation>
    </message>
    <message>
        <source>&amp;About GenAug Studio</source>
        <translation>关于 GenAug Studio(&amp;A)</translation>
    </message>
    <message>
        <source>Version and licences</source>
        <translation>版本和许可证</translation>
    </message>
    <message>
        <source>(none yet)</source>
        <translation>（暂无）</translation>
    </message>
    <message>
        <source>Show this step</source>
        <translation>显示此步骤</translation>
    </message>
    <message>
        <source>Show the runs</source>
        <translation>显示运行记录</translation>
    </message>
</context>
<context>
    <name>fields</name>
    <message>
        <source>GAN truncation trick: noise entries beyond ±T are drawn again, so the images are more typical and less varied (the smaller T, the stronger). Off keeps the full variety. GAN runs only; a rejection applies at the truncation it was made at</source>
        <translation>GAN 截断技巧：超出 ±T 的噪声分量会重新采样，图像更典型、变化更少（T 越小效果越强）。关闭则保留全部多样性。仅适用于 GAN 运行；剔除记录只对做出剔除时的截断值有效</translation>
    </message>
    <message>
        <source>Truncation applies to GAN runs only (a VAE has the temperature)</source>
        <translation>截断仅适用于 GAN 运行（VAE 请用温度）</translation>
    </message>
    <message>
        <source>off</source>
        <translation>关闭</translation>
    </message>
</context>
</TS>
