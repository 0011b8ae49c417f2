/* SPDX-License-Identifier: GPL-2.0 */
/* dmastream stream: the streaming ring command (stream.c). */
#ifndef DMASTREAM_TOOLS_STREAM_H
#define DMASTREAM_TOOLS_STREAM_H

int stream_main(const char *dev, int argc, char **argv);

#endif
