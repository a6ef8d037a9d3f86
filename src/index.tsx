import "@patternfly/react-core/dist/styles/base.css";
import "./app.css";

import { createRoot } from "react-dom/client";

import { HostSource } from "./host/host-source";
import { App } from "./ui/app";

const container = document.getElementById("app");
if (container) createRoot(container).render(<App source={new HostSource()} />);
